import { parseDatabaseUrl } from '../../src/config/gateway-config';
import { DEFAULT_TARGET_POLICY, findMigrationTargets, PoolPlanner } from '../../src/domain/targets';
import { createDataSource } from '../../src/infra/db/data-source.factory';
import { TypeOrmMigrationTargetsReader } from '../../src/infra/db/targets/typeorm-migration-targets-reader';
import { TypeOrmInventoryReader } from '../../src/infra/db/typeorm-inventory-reader';
import { TypeOrmMigrationReader } from '../../src/infra/db/typeorm-migration-reader';
import type { BenchConfig } from '../config';
import { type BenchInventory, benchUuid } from '../data/bench-inventory';
import { graphqlRequest } from '../migration/migration-benchmark';
import { fetchJson, summarize } from '../read/load-loop';
import { ServerHandle } from '../servers/server-handle';
import { StatementCounter } from '../servers/statement-counter';

/** What an operator's UI asks first: the candidate hosts, their verdicts and capacity. */
const HOSTS_QUERY = /* GraphQL */ `
  query Hosts($vmId: ID!) {
    migrationTargets(vmId: $vmId) {
      hosts(first: 100) {
        host {
          id
          name
        }
        suitable
        requiresStorageMotion
        reasons {
          code
          message
        }
        cpuAllocatedPercent
        memoryAllocatedPercent
      }
    }
  }
`;

/** The whole answer: every host, volume and pool, with the plan's clone mode and template staging per pool. */
const FULL_QUERY = /* GraphQL */ `
  query Full($vmId: ID!, $hostIds: [ID!]) {
    migrationTargets(vmId: $vmId, hostIds: $hostIds) {
      hosts(first: 100) {
        host {
          id
          name
        }
        suitable
        requiresStorageMotion
        reasons {
          code
          message
        }
        cpuAllocatedPercent
        memoryAllocatedPercent
        volumes {
          volume {
            id
            name
          }
          requiresMigration
          pools(first: 100) {
            pool {
              id
              name
            }
            suitable
            reasons {
              code
              message
            }
            cloneMode
            cloneModeReason
            templateStaging {
              kind
            }
          }
        }
      }
    }
  }
`;

interface TargetsQueryResult {
  query: 'hosts' | 'full' | 'one-host';
  iterations: number;
  p50Ms: number;
  p95Ms: number;
  statementsPerRequest: number;
  responseKiB: number;
}

export interface TargetsResults {
  volumes: number;
  hosts: number;
  suitableHosts: number;
  /** Pool entries of the full answer (hosts x volumes x pools). */
  poolEntries: number;
  /** In-process: the reader (statements, time), the rules, and every pool's plan decision. */
  snapshotStatements: number;
  snapshotLoadP50Ms: number;
  decideP50Ms: number;
  poolPlansP50Ms: number;
  planCalls: number;
  http: TargetsQueryResult[];
}

/** The full query's cost estimate is above the default limit by design (clients narrow with `first` and `hostIds`). */
const FULL_QUERY_COST = '2000000';

/**
 * `migrationTargets` for the VM with the most volumes that `config.targets.volumes` names (8 at full
 * scale) in the benchmark inventory: in-process split (load, rules, plan decisions) and over HTTP
 * (the host list, and the whole answer) with statements per request.
 */
export async function runTargetsBenchmark(
  config: BenchConfig,
  databaseUrl: string,
  headers: Record<string, string>,
  inventory: BenchInventory,
  log: (line: string) => void,
): Promise<TargetsResults> {
  const planVm = inventory.planRequests.find((p) => p.volumes === config.targets.volumes);
  if (!planVm) throw new Error(`no planning VM with ${config.targets.volumes} volumes in the inventory`);
  const vmUuid = planVm.request.vmId;
  const result = await inProcess(databaseUrl, vmUuid, config);
  log(
    `  in-process: ${result.snapshotStatements} statements, load p50 ${result.snapshotLoadP50Ms.toFixed(1)} ms, rules p50 ${result.decideP50Ms.toFixed(1)} ms, ${result.planCalls} pool plans p50 ${result.poolPlansP50Ms.toFixed(1)} ms`,
  );
  const gateway = await ServerHandle.start({
    variant: 'gateway',
    databaseUrl,
    agentTransport: 'http',
    maxPageSize: 100,
    env: { GATEWAY_MAX_QUERY_COST: FULL_QUERY_COST },
  });
  try {
    // The host a user picked (one of another cluster, where every volume must move): what the UI asks next.
    const picked = benchUuid('host', config.scale.hostsPerCluster + 1);
    const queries = [
      ['hosts', HOSTS_QUERY, {}],
      ['full', FULL_QUERY, {}],
      ['one-host', FULL_QUERY, { hostIds: [picked] }],
    ] as const;
    for (const [query, document, extra] of queries) {
      const spec = graphqlRequest(document, { vmId: vmUuid, ...extra }, headers);
      const first = await fetchJson(gateway.url, spec);
      if (!first.json.data?.migrationTargets) throw new Error(`migrationTargets failed: ${JSON.stringify(first.json.errors).slice(0, 500)}`);
      for (let i = 0; i < config.targets.warmup; i++) await fetchJson(gateway.url, spec);
      const before = await gateway.stats();
      const latencies: number[] = [];
      const deadline = performance.now() + config.targets.maxMs;
      while (latencies.length < config.targets.iterations && performance.now() < deadline) {
        const t0 = performance.now();
        const { json } = await fetchJson(gateway.url, spec);
        latencies.push(performance.now() - t0);
        if (!json.data?.migrationTargets) throw new Error(`migrationTargets failed: ${JSON.stringify(json.errors).slice(0, 300)}`);
      }
      const after = await gateway.stats();
      const summary = summarize(latencies);
      const entry: TargetsQueryResult = {
        query,
        iterations: latencies.length,
        p50Ms: summary.p50,
        p95Ms: summary.p95,
        statementsPerRequest: (after.statements - before.statements) / (after.requests - before.requests),
        responseKiB: first.bytes / 1024,
      };
      result.http.push(entry);
      log(`  ${query}: p50 ${entry.p50Ms.toFixed(1)} ms over HTTP, ${entry.statementsPerRequest.toFixed(1)} statements, ${entry.responseKiB.toFixed(0)} KiB`);
    }
  } finally {
    await gateway.stop();
  }
  return result;
}

async function inProcess(databaseUrl: string, vmUuid: string, config: BenchConfig): Promise<TargetsResults> {
  const counter = new StatementCounter();
  const dataSource = createDataSource({ database: parseDatabaseUrl(databaseUrl), createSchema: false, logger: counter });
  await dataSource.initialize();
  try {
    const reader = new TypeOrmMigrationTargetsReader(dataSource, new TypeOrmInventoryReader(dataSource), new TypeOrmMigrationReader(dataSource));
    const loads: number[] = [];
    const decisions: number[] = [];
    const plans: number[] = [];
    let shape = { volumes: 0, hosts: 0, suitableHosts: 0, poolEntries: 0, planCalls: 0, statements: 0 };
    for (let i = 0; i < config.targets.warmup + config.targets.inProcessIterations; i++) {
      const before = counter.statements;
      const t0 = performance.now();
      const snapshot = await reader.forVm({ uuid: vmUuid });
      const t1 = performance.now();
      if (!snapshot) throw new Error(`VM ${vmUuid} not found`);
      const outcome = findMigrationTargets(snapshot, DEFAULT_TARGET_POLICY);
      const t2 = performance.now();
      if (outcome.kind !== 'ANSWER') throw new Error(`migrationTargets refused: ${outcome.reason.message}`);
      const planner = new PoolPlanner(snapshot, outcome.answer);
      let planCalls = 0;
      for (const host of outcome.answer.hosts) {
        for (const volume of host.volumes)
          for (const pool of volume.pools) {
            planner.decide(host.host.id, volume.volume.id, pool.pool.id);
            planCalls += 1;
          }
      }
      const t3 = performance.now();
      if (i < config.targets.warmup) continue;
      loads.push(t1 - t0);
      decisions.push(t2 - t1);
      plans.push(t3 - t2);
      const { hosts } = outcome.answer;
      shape = {
        volumes: snapshot.volumes.length,
        hosts: hosts.length,
        suitableHosts: hosts.filter((h) => h.suitable).length,
        poolEntries: hosts.reduce((n, h) => n + h.volumes.reduce((m, v) => m + v.pools.length, 0), 0),
        planCalls,
        statements: counter.statements - before,
      };
    }
    return {
      volumes: shape.volumes,
      hosts: shape.hosts,
      suitableHosts: shape.suitableHosts,
      poolEntries: shape.poolEntries,
      snapshotStatements: shape.statements,
      snapshotLoadP50Ms: summarize(loads).p50,
      decideP50Ms: summarize(decisions).p50,
      poolPlansP50Ms: summarize(plans).p50,
      planCalls: shape.planCalls,
      http: [],
    };
  } finally {
    await dataSource.destroy();
  }
}
