import { graphql } from 'relay-runtime';

/** A pool's page: the pool, its volumes paged with `@connection`, the pool refetched by `node(id:)`. */
export const poolPageQuery = graphql`
  query poolPageQuery($poolId: ID!, $count: Int!) {
    storagePool(id: $poolId) {
      ...poolPage_pool @arguments(count: $count)
    }
  }
`;

export const poolVolumesFragment = graphql`
  fragment poolPage_pool on StoragePool
  @refetchable(queryName: "poolPageRefetchQuery")
  @argumentDefinitions(count: { type: "Int", defaultValue: 10 }, cursor: { type: "String" }) {
    id
    name
    type
    capacityBytes
    usedBytes
    volumes(first: $count, after: $cursor) @connection(key: "poolPage_volumes") {
      totalCount
      edges {
        node {
          id
          name
          type
          state
          vm {
            id
            name
          }
        }
      }
    }
    templateRefs(first: 5) {
      totalCount
      edges {
        node {
          installPath
          state
          template {
            id
            name
          }
        }
      }
    }
  }
`;
