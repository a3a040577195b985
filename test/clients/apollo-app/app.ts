/**
 * A browser page on another origin, as a frontend team writes it with Apollo Client 4: client
 * awareness on, Relay-style pagination in the cache, `fetchMore` for the next pages, and the
 * gateway's `x-request-id` read from every answer (to quote in a bug report). The test bundles it
 * with esbuild and reads `APP_RESULT` (or `APP_ERROR`) from the page.
 */
import { ApolloClient, ApolloLink, gql, HttpLink, InMemoryCache, type ObservableQuery } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import { map } from 'rxjs';

interface AppConfig {
  graphqlUrl: string;
  apiKey: string;
  poolId: string;
}

const page = globalThis as unknown as { APP_CONFIG: AppConfig; APP_RESULT?: unknown; APP_ERROR?: string };
const config = page.APP_CONFIG;

const VM_PAGE = gql`
  query VmPage($first: Int!, $after: String) {
    virtualMachines(first: $first, after: $after, filter: { states: [RUNNING] }) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          name
          state
          volumes {
            id
            type
            pool {
              id
              name
            }
          }
        }
      }
    }
  }
`;

const POOL_VOLUMES = gql`
  query PoolVolumes($poolId: ID!, $first: Int!, $after: String) {
    storagePool(id: $poolId) {
      id
      name
      volumes(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          cursor
          node {
            id
            name
            type
          }
        }
      }
    }
  }
`;

interface Connection {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: { id: string; name: string } }[];
}

const requestIds: (string | null)[] = [];
const readRequestId = new ApolloLink((operation, forward) =>
  forward(operation).pipe(
    map((result) => {
      const response = operation.getContext().response as { headers: { get(name: string): string | null } } | undefined;
      requestIds.push(response?.headers.get('x-request-id') ?? null);
      return result;
    }),
  ),
);

const client = new ApolloClient({
  link: ApolloLink.from([readRequestId, new HttpLink({ uri: config.graphqlUrl, headers: { authorization: `Bearer ${config.apiKey}` } })]),
  cache: new InMemoryCache({
    typePolicies: {
      Query: { fields: { virtualMachines: relayStylePagination(['filter']) } },
      StoragePool: { fields: { volumes: relayStylePagination(['filter']) } },
    },
  }),
  clientAwareness: { name: 'fleet-dashboard', version: '1.4.2' },
});

/** The first complete result of a watched query. */
function firstResult<T>(query: ObservableQuery<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const subscription = query.subscribe({
      next: (result) => {
        if (result.error) reject(result.error instanceof Error ? result.error : new Error(result.error.message));
        else if (result.dataState === 'complete') resolve(result.data);
      },
      error: reject,
    });
    void subscription;
  });
}

/** Pages a connection with fetchMore, `pages` pages at most, and reads what relayStylePagination merged in the cache. */
async function pageThrough<T>(
  query: ObservableQuery<T>,
  connectionOf: (data: T) => Connection,
  pages: number,
): Promise<{ connection: Connection; pages: number }> {
  let connection = connectionOf(await firstResult(query));
  let fetched = 1;
  while (connection.pageInfo.hasNextPage && fetched < pages) {
    await query.fetchMore({ variables: { after: connection.pageInfo.endCursor } });
    connection = connectionOf(client.readQuery({ query: query.query, variables: query.variables }) as T);
    fetched += 1;
  }
  return { connection, pages: fetched };
}

async function main(): Promise<void> {
  const vms = await pageThrough(client.watchQuery({ query: VM_PAGE, variables: { first: 3 } }), (d: any) => d.virtualMachines, 3);
  const volumes = await pageThrough(
    client.watchQuery({ query: POOL_VOLUMES, variables: { poolId: config.poolId, first: 2 } }),
    (d: any) => d.storagePool.volumes,
    100,
  );
  page.APP_RESULT = {
    vms: { totalCount: vms.connection.totalCount, pages: vms.pages, ids: vms.connection.edges.map((e) => e.node.id) },
    poolVolumes: { totalCount: volumes.connection.totalCount, pages: volumes.pages, ids: volumes.connection.edges.map((e) => e.node.id) },
    requestIds,
  };
}

main().catch((error: unknown) => {
  page.APP_ERROR = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
});
