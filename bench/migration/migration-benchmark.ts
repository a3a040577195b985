import { loadMigrationSnapshot } from '../../src/app/migration/load-migration-snapshot';
import type { MigrationRequest } from '../../src/app/migration/migration-request';
import { parseDatabaseUrl } from '../../src/config/gateway-config';
import { planMigration } from '../../src/domain/migration';
import { createDataSource } from '../../src/infra/db/data-source.factory';
import { TypeOrmInventoryReader } from '../../src/infra/db/typeorm-inventory-reader';
import { TypeOrmMigrationReader } from '../../src/infra/db/typeorm-migration-reader';
import type { BenchConfig } from '../config';
import type { BenchInventory, BenchMigrationRequest } from '../data/bench-inventory';
import type { HttpRequestSpec } from '../read/list-query';
import { fetchJson, summarize } from '../read/load-loop';
import { ServerHandle } from '../servers/server-handle';
import { StatementCounter } from '../servers/statement-counter';

const PLAN_QUERY = /* GraphQL */ `
  query Plan($input: MigrateVmWithStorageInput!) {
    migrationPlan(input: $input) {
      strategy
      strategyReason
      forceFullClone
      migrateNonSharedInc
      blockers {
        code
        message
      }
      entries {
        index
        skipped
        cloneMode
        cloneModeReason
        destinationPath
        needsModifyTargets
        volume {
          id
          name
        }
        sourcePool {
          id
          name
        }
        destinationPool {
          id
          name
        }
        templateStaging {
          kind
        }
      }
      commands {
        step
        target
        name
        entryIndex
        body
        host {
          id
          name
        }
      }
    }
  }
`;

const MIGRATE_MUTATION = /* GraphQL */ `
  mutation Migrate($input: MigrateVmWithStorageInput!) {
    migrateVmWithStorage(input: $input) {
      job {
        id
        status
      }
    }
  }
`;

interface PlanResult {
  volumes: number;
  iterations: number;
  /** Over HTTP: the migrationPlan query, end to end. */
  httpP50Ms: number;
  httpP95Ms: number;
  statementsPerPlan: number;
  agentCommandsPlanned: number;
  /** In-process split of the same planning: loading the snapshot (SQL) vs deciding (pure domain code). */
  snapshotLoadP50Ms: number;
  decideP50Ms: number;
  snapshotStatements: number;
}

interface EndToEndResult {
  concurrency: number;
  migrations: number;
  succeeded: number;
  failed: number;
  firstFailure: string | null;
  wallSeconds: number;
  migrationsPerSecond: number;
  /** Mutation sent -> job finished. */
  p50Ms: number;
  p95Ms: number;
  /** Mutation sent -> mutation answered (job persisted and started). */
  mutationP50Ms: number;
  statementsPerMigration: number;
  transactionsPerMigration: number;
  agentCommandsPerMigration: number;
}

export interface MigrationResults {
  gatewayStartSeconds: number;
  plan: PlanResult[];
  endToEnd: EndToEndResult[];
}

export const graphqlRequest = (query: string, variables: unknown, headers: Record<string, string>): HttpRequestSpec => {
  const body = Buffer.from(JSON.stringify({ query, variables }));
  return { method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json', 'content-length': String(body.length), ...headers }, body };
};

const toUseCaseRequest = (r: BenchMigrationRequest): MigrationRequest => ({
  vmUuid: r.vmId,
  destinationHostUuid: r.destinationHostId,
  volumes: r.volumes.map((v) => ({ volumeUuid: v.volumeId, destinationPoolUuid: v.destinationPoolId })),
  idempotencyKey: null,
});

/**
 * The migration path against a gateway with the in-process KVM simulator (it answers at once):
 * planning (the migrationPlan dry run) for VMs with 1, 8 and 64 volumes, then real migrations of
 * distinct VMs end to end, one at a time and `concurrency` at a time.
 */
export async function runMigrationBenchmark(
  config: BenchConfig,
  databaseUrl: string,
  headers: Record<string, string>,
  inventory: BenchInventory,
  log: (line: string) => void,
): Promise<MigrationResults> {
  const { migration } = config;
  const plan = await planBreakdown(databaseUrl, inventory, config);
  const started = performance.now();
  const gateway = await ServerHandle.start({ variant: 'gateway', databaseUrl, agentTransport: 'simulator', maxPageSize: 100 });
  const gatewayStartSeconds = (performance.now() - started) / 1000;
  log(`  gateway with simulator up in ${gatewayStartSeconds.toFixed(1)} s`);
  try {
    for (const result of plan) {
      const { request } = inventory.planRequests.find((p) => p.volumes === result.volumes)!;
      const spec = graphqlRequest(PLAN_QUERY, { input: request }, headers);
      const first = await fetchJson(gateway.url, spec);
      const answer = first.json.data?.migrationPlan;
      if (!answer) throw new Error(`migrationPlan failed: ${JSON.stringify(first.json.errors).slice(0, 500)}`);
      if (answer.blockers.length) throw new Error(`the ${result.volumes}-volume plan is blocked: ${JSON.stringify(answer.blockers)}`);
      result.agentCommandsPlanned = answer.commands.length;
      for (let i = 0; i < migration.planWarmup; i++) await fetchJson(gateway.url, spec);
      const before = await gateway.stats();
      const latencies: number[] = [];
      const deadline = performance.now() + migration.planMaxMs;
      while (latencies.length < migration.planIterations && performance.now() < deadline) {
        const t0 = performance.now();
        const { json } = await fetchJson(gateway.url, spec);
        latencies.push(performance.now() - t0);
        if (!json.data?.migrationPlan) throw new Error(`migrationPlan failed: ${JSON.stringify(json.errors).slice(0, 300)}`);
      }
      const after = await gateway.stats();
      const served = after.requests - before.requests;
      const summary = summarize(latencies);
      Object.assign(result, {
        iterations: latencies.length,
        httpP50Ms: summary.p50,
        httpP95Ms: summary.p95,
        statementsPerPlan: (after.statements - before.statements) / served,
      });
      log(
        `  plan ${String(result.volumes).padStart(2)} volumes: p50 ${summary.p50.toFixed(1)} ms over HTTP, ${result.statementsPerPlan.toFixed(1)} statements, ${result.agentCommandsPlanned} commands planned`,
      );
    }

    const endToEnd: EndToEndResult[] = [];
    for (const [set, concurrency] of migration.concurrency.entries()) {
      const requests = inventory.migrationRequests[set % inventory.migrationRequests.length];
      const before = await gateway.stats();
      const latencies: number[] = [];
      const mutationLatencies: number[] = [];
      let succeeded = 0;
      let failed = 0;
      // Assigned inside the workers' closures, which TypeScript's narrowing does not follow.
      let firstFailure = null as string | null;
      let next = 0;
      const t0 = performance.now();
      const worker = async () => {
        while (next < requests.length) {
          const request = requests[next++];
          const sent = performance.now();
          try {
            const { json } = await fetchJson(gateway.url, graphqlRequest(MIGRATE_MUTATION, { input: request }, headers));
            mutationLatencies.push(performance.now() - sent);
            const job = json.data?.migrateVmWithStorage?.job;
            if (!job) throw new Error(`mutation refused: ${JSON.stringify(json.errors).slice(0, 300)}`);
            const outcome = await gateway.awaitMigration(job.id, migration.jobTimeoutMs);
            latencies.push(performance.now() - sent);
            if (outcome.status !== 'SUCCEEDED') throw new Error(`job ${job.id} ${outcome.status}: ${outcome.detail}`);
            succeeded += 1;
          } catch (error) {
            failed += 1;
            firstFailure ??= error instanceof Error ? error.message : String(error);
          }
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      const wallSeconds = (performance.now() - t0) / 1000;
      const after = await gateway.stats();
      const total = summarize(latencies);
      const result: EndToEndResult = {
        concurrency,
        migrations: requests.length,
        succeeded,
        failed,
        firstFailure,
        wallSeconds,
        migrationsPerSecond: succeeded / wallSeconds,
        p50Ms: total.p50,
        p95Ms: total.p95,
        mutationP50Ms: summarize(mutationLatencies).p50,
        statementsPerMigration: (after.statements - before.statements) / requests.length,
        transactionsPerMigration: (after.transactionControl - before.transactionControl) / 2 / requests.length,
        agentCommandsPerMigration: (after.agentCommands - before.agentCommands) / requests.length,
      };
      endToEnd.push(result);
      log(
        `  migrate x${concurrency}: ${succeeded}/${requests.length} succeeded, ${result.migrationsPerSecond.toFixed(1)} migrations/s, p50 ${total.p50.toFixed(1)} ms${firstFailure ? `, first failure: ${firstFailure}` : ''}`,
      );
    }
    return { gatewayStartSeconds, plan, endToEnd };
  } finally {
    await gateway.stop();
  }
}

/** Planning in this process over the gateway's readers: snapshot load (statements, time) vs decision (time). */
async function planBreakdown(databaseUrl: string, inventory: BenchInventory, config: BenchConfig): Promise<PlanResult[]> {
  const counter = new StatementCounter();
  const dataSource = createDataSource({ database: parseDatabaseUrl(databaseUrl), createSchema: false, logger: counter });
  await dataSource.initialize();
  try {
    const readers = { inventory: new TypeOrmInventoryReader(dataSource), migration: new TypeOrmMigrationReader(dataSource) };
    const results: PlanResult[] = [];
    for (const { volumes, request } of inventory.planRequests) {
      const useCaseRequest = toUseCaseRequest(request);
      for (let i = 0; i < config.migration.planWarmup; i++) planMigration(await loadMigrationSnapshot(readers, useCaseRequest));
      const loads: number[] = [];
      const decisions: number[] = [];
      const statementsBefore = counter.statements;
      const deadline = performance.now() + config.migration.planMaxMs;
      while (loads.length < config.migration.planIterations && performance.now() < deadline) {
        const t0 = performance.now();
        const snapshot = await loadMigrationSnapshot(readers, useCaseRequest);
        const t1 = performance.now();
        const decided = planMigration(snapshot);
        decisions.push(performance.now() - t1);
        loads.push(t1 - t0);
        if (decided.blockers.length) throw new Error(`the ${volumes}-volume plan is blocked: ${decided.blockers.map((b) => b.code).join(', ')}`);
      }
      results.push({
        volumes,
        iterations: 0,
        httpP50Ms: 0,
        httpP95Ms: 0,
        statementsPerPlan: 0,
        agentCommandsPlanned: 0,
        snapshotLoadP50Ms: summarize(loads).p50,
        decideP50Ms: summarize(decisions).p50,
        snapshotStatements: (counter.statements - statementsBefore) / loads.length,
      });
    }
    return results;
  } finally {
    await dataSource.destroy();
  }
}
