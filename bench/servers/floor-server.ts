import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import { parseDatabaseUrl } from '../../src/config/gateway-config';
import { benchVmCursor, benchVmCursorUuid } from '../support/bench-cursors';
import {
  DataStoreObjectStateEnum,
  HostStatusEnum,
  ImageFormatEnum,
  ScopeEnum,
  StoragePoolTypeEnum,
  VmStateEnum,
  VolumeStateEnum,
  VolumeTypeEnum,
} from '../../src/graphql/types/enums';
import type { StatementCounter } from './statement-counter';

/**
 * The floor: a hand-written node:http endpoint answering exactly the benchmark's list query
 * (`GET /vms?first=&after=`) with the same JSON body the gateway returns for it, using mysql2 and
 * the fewest statements that query needs: the page (VM + host + cluster + template by JOIN) and
 * the count together, then volumes (+ pool, template flag), store refs (+ image store) and pool
 * refs (+ pool) together. 5 statements in 2 round trips, whatever the page size. No GraphQL, no
 * ORM, no validation beyond the cursor: what this stack (Node + mysql2 + MariaDB) costs at least.
 * The enum mapping is the gateway's own (`src/graphql/types/enums`), so answers match by construction.
 */
export interface FloorServer {
  server: Server;
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

const PAGE_COLUMNS = `v.id, v.uuid, v.name, v.state, v.power_state, v.created,
  h.id AS h_id, h.uuid AS h_uuid, h.name AS h_name, h.status AS h_status, h.private_ip_address AS h_ip,
  c.id AS c_id, c.uuid AS c_uuid, c.name AS c_name,
  t.id AS t_id, t.uuid AS t_uuid, t.name AS t_name, t.format AS t_format, t.direct_download AS t_dd
  FROM vm_instance v
  LEFT JOIN host h ON h.id = v.host_id AND h.removed IS NULL
  LEFT JOIN cluster c ON c.id = h.cluster_id AND c.removed IS NULL
  LEFT JOIN vm_template t ON t.id = v.vm_template_id
  WHERE v.removed IS NULL AND v.uuid IS NOT NULL`;
const SQL = {
  firstPage: `SELECT ${PAGE_COLUMNS} ORDER BY v.id LIMIT ?`,
  pageAfter: `SELECT ${PAGE_COLUMNS} AND v.id > (SELECT a.id FROM vm_instance a WHERE a.uuid = ?) ORDER BY v.id LIMIT ?`,
  count: 'SELECT COUNT(*) AS n FROM vm_instance WHERE removed IS NULL AND uuid IS NOT NULL',
  volumes: `SELECT vol.instance_id, vol.uuid, vol.name, vol.volume_type, vol.state, vol.size, vol.device_id, vol.template_id,
    vt.direct_download AS dd, p.id AS p_id, p.uuid AS p_uuid, p.name AS p_name, p.pool_type AS p_type, p.scope AS p_scope
    FROM volumes vol
    LEFT JOIN storage_pool p ON p.id = vol.pool_id AND p.removed IS NULL
    LEFT JOIN vm_template vt ON vt.id = vol.template_id
    WHERE vol.instance_id IN (?) AND vol.removed IS NULL ORDER BY vol.device_id, vol.id`,
  storeRefs: `SELECT r.template_id, r.install_path, r.state, s.id AS s_id, s.uuid AS s_uuid, s.name AS s_name
    FROM template_store_ref r LEFT JOIN image_store s ON s.id = r.store_id AND s.removed IS NULL
    WHERE r.template_id IN (?) ORDER BY r.id`,
  poolRefs: `SELECT r.template_id, r.install_path, r.state, p.id AS p_id, p.uuid AS p_uuid, p.name AS p_name
    FROM template_spool_ref r LEFT JOIN storage_pool p ON p.id = r.pool_id AND p.removed IS NULL
    WHERE r.template_id IN (?) ORDER BY r.id`,
};

export function createFloorServer(databaseUrl: string, counter: StatementCounter, options: { maxPageSize: number; poolSize: number }): FloorServer {
  const db = parseDatabaseUrl(databaseUrl);
  // The same driver settings as the gateway's DataSource (data-source.factory.ts).
  const pool = mysql.createPool({
    host: db.host,
    port: db.port,
    user: db.username,
    password: db.password,
    database: db.database,
    timezone: 'Z',
    charset: 'utf8mb4',
    supportBigNumbers: true,
    bigNumberStrings: false,
    connectionLimit: options.poolSize,
  });
  const query = async (sql: string, params: unknown[]): Promise<RowDataPacket[]> => {
    counter.record(sql);
    const [rows] = await pool.query<RowDataPacket[]>(sql, params);
    return rows;
  };

  async function listVms(first: number, afterUuid: string | null) {
    const [page, [{ n }]] = await Promise.all([
      afterUuid === null ? query(SQL.firstPage, [first + 1]) : query(SQL.pageAfter, [afterUuid, first + 1]),
      query(SQL.count, []),
    ]);
    const rows = page.slice(0, first);
    const vmIds = rows.map((r) => r.id as number);
    const templateIds = [...new Set(rows.map((r) => r.t_id as number | null).filter((id): id is number => id !== null))];
    const [volumes, storeRefs, poolRefs] = await Promise.all([
      vmIds.length ? query(SQL.volumes, [vmIds]) : [],
      templateIds.length ? query(SQL.storeRefs, [templateIds]) : [],
      templateIds.length ? query(SQL.poolRefs, [templateIds]) : [],
    ]);
    const volumesByVm = groupBy(volumes, 'instance_id', (v) => ({
      id: v.uuid,
      name: v.name,
      type: VolumeTypeEnum.toGraphQL(v.volume_type),
      state: VolumeStateEnum.toGraphQL(v.state),
      size: v.size,
      deviceId: v.device_id,
      directDownload: v.template_id === null ? false : Boolean(v.dd),
      pool: v.p_id === null ? null : { id: v.p_uuid, name: v.p_name, type: StoragePoolTypeEnum.toGraphQL(v.p_type), scope: ScopeEnum.toGraphQL(v.p_scope) },
    }));
    const storeRefsByTemplate = groupBy(storeRefs, 'template_id', (r) => ({
      installPath: r.install_path,
      state: DataStoreObjectStateEnum.toGraphQL(r.state),
      imageStore: r.s_id === null ? null : { id: r.s_uuid, name: r.s_name },
    }));
    const poolRefsByTemplate = groupBy(poolRefs, 'template_id', (r) => ({
      installPath: r.install_path,
      state: DataStoreObjectStateEnum.toGraphQL(r.state),
      pool: r.p_id === null ? null : { id: r.p_uuid, name: r.p_name },
    }));
    const edges = rows.map((r) => ({
      cursor: benchVmCursor(r.uuid),
      node: {
        id: r.uuid,
        name: r.name,
        state: VmStateEnum.toGraphQL(r.state),
        powerState: r.power_state,
        created: r.created,
        host:
          r.h_id === null
            ? null
            : {
                id: r.h_uuid,
                name: r.h_name,
                status: HostStatusEnum.toGraphQL(r.h_status),
                privateIpAddress: r.h_ip,
                cluster: r.c_id === null ? null : { id: r.c_uuid, name: r.c_name },
              },
        template:
          r.t_id === null
            ? null
            : {
                id: r.t_uuid,
                name: r.t_name,
                format: ImageFormatEnum.toGraphQL(r.t_format),
                directDownload: Boolean(r.t_dd),
                // Reference connections without `first` show 20 rows; the bench's templates have at most 5 each.
                storeRefs: { edges: (storeRefsByTemplate.get(r.t_id) ?? []).map((node) => ({ node })) },
                poolRefs: { edges: (poolRefsByTemplate.get(r.t_id) ?? []).map((node) => ({ node })) },
              },
        volumes: volumesByVm.get(r.id) ?? [],
      },
    }));
    return {
      data: {
        virtualMachines: {
          totalCount: Number(n),
          pageInfo: { hasNextPage: page.length > first, endCursor: edges.at(-1)?.cursor ?? null },
          edges,
        },
      },
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://floor');
    if (url.pathname !== '/vms') return send(res, 404, { error: 'not found' });
    const first = Number(url.searchParams.get('first') ?? 20);
    if (!Number.isInteger(first) || first < 0 || first > options.maxPageSize) return send(res, 400, { error: 'bad first' });
    const after = url.searchParams.get('after');
    let afterUuid: string | null = null;
    if (after) {
      try {
        afterUuid = benchVmCursorUuid(after);
      } catch {
        return send(res, 400, { error: 'bad cursor' });
      }
    }
    send(res, 200, await listVms(first, afterUuid));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, { error: String(error) }));
  });
  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address();
          resolve(`http://${host}:${typeof address === 'object' && address ? address.port : port}`);
        });
      }),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}

function groupBy<T>(rows: RowDataPacket[], key: string, map: (row: RowDataPacket) => T): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const parent = row[key] as number;
    let list = groups.get(parent);
    if (!list) groups.set(parent, (list = []));
    list.push(map(row));
  }
  return groups;
}

function send(res: ServerResponse, status: number, payload: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(payload));
}
