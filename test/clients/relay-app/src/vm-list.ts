import { graphql } from 'relay-runtime';

/** The VM list page: the first page of VMs, then more with the pagination query Relay generates. */
export const vmListQuery = graphql`
  query vmListQuery($count: Int!, $cursor: String) {
    ...vmList_query @arguments(count: $count, cursor: $cursor)
  }
`;

export const vmListFragment = graphql`
  fragment vmList_query on Query
  @refetchable(queryName: "vmListPaginationQuery")
  @argumentDefinitions(count: { type: "Int", defaultValue: 10 }, cursor: { type: "String" }, filter: { type: "VirtualMachineFilter" }) {
    virtualMachines(first: $count, after: $cursor, filter: $filter) @connection(key: "vmList_virtualMachines", filters: ["filter"]) {
      totalCount
      edges {
        node {
          id
          name
          state
          ...vmListRow_vm
        }
      }
    }
  }
`;

export const vmRowFragment = graphql`
  fragment vmListRow_vm on VirtualMachine {
    host {
      id
      name
    }
    template {
      id
      name
    }
    volumes {
      id
      type
      directDownload
      pool {
        id
        name
        type
      }
    }
  }
`;
