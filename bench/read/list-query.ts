import { benchVmCursor } from '../support/bench-cursors';
import type { Variant } from '../servers/protocol';

/**
 * The frontend's VM list: each VM with its host and cluster, its template with the template's
 * store refs (+ image store) and pool refs (+ pool), and its volumes with their pools. The
 * floor answers the same selection at GET /vms (floor-server.ts).
 */
export const VM_LIST_QUERY = /* GraphQL */ `
  query VmList($first: Int!, $after: String) {
    virtualMachines(first: $first, after: $after) {
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
          powerState
          created
          host {
            id
            name
            status
            privateIpAddress
            cluster {
              id
              name
            }
          }
          template {
            id
            name
            format
            directDownload
            storeRefs {
              edges {
                node {
                  installPath
                  state
                  imageStore {
                    id
                    name
                  }
                }
              }
            }
            poolRefs {
              edges {
                node {
                  installPath
                  state
                  pool {
                    id
                    name
                  }
                }
              }
            }
          }
          volumes {
            id
            name
            type
            state
            size
            deviceId
            directDownload
            pool {
              id
              name
              type
              scope
            }
          }
        }
      }
    }
  }
`;

export interface HttpRequestSpec {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** The request a variant answers for one page (`after`: a cursor or null for the first page). */
export function listRequest(variant: Variant, first: number, after: string | null, extraHeaders: Record<string, string> = {}): HttpRequestSpec {
  if (variant === 'floor') {
    const query = new URLSearchParams({ first: String(first) });
    if (after) query.set('after', after);
    return { method: 'GET', path: `/vms?${query.toString()}`, headers: { ...extraHeaders } };
  }
  const body = Buffer.from(JSON.stringify({ query: VM_LIST_QUERY, variables: { first, after } }));
  return {
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', 'content-length': String(body.length), ...extraHeaders },
    body,
  };
}

/**
 * Where pages start: the first page and pages after VMs spread over the inventory, so the load
 * touches different rows (not one hot page). Every page is full: the last start leaves room.
 */
export function pageCursors(listVms: number, pageSize: number, count: number, uuidOf: (n: number) => string): (string | null)[] {
  const cursors: (string | null)[] = [null];
  const span = listVms - pageSize;
  for (let i = 1; i < count; i++) cursors.push(benchVmCursor(uuidOf(Math.max(1, Math.floor((span * i) / count)))));
  return cursors;
}
