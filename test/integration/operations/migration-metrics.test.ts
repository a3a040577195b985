import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyService } from '../../../src/app/auth/api-key-service';
import { loadConfig } from '../../../src/config/gateway-config';
import { type RunningGateway, startGateway } from '../../../src/composition/gateway';
import { TypeOrmApiKeyStore } from '../../../src/infra/auth/typeorm-api-key-store';
import { demoHandles } from '../../../src/infra/db/seed/demo-inventory';
import { createJsonLogger } from '../../../src/infra/logging/json-logger';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/test-database';

const METRICS_TOKEN = 'migration-metrics-test-token-0123456789';

describe.each(DATABASE_KINDS)('migration metrics through the composition root on %s', (kind) => {
  let db: TestDatabase;
  let gateway: RunningGateway;
  let key: string;

  beforeAll(async () => {
    db = await createTestDatabase(kind, { migrate: false });
    const config = loadConfig({
      GATEWAY_DATABASE_URL: db.url,
      GATEWAY_PORT: '0',
      GATEWAY_SEED_DEMO: 'true',
      GATEWAY_CREATE_SCHEMA: 'true',
      GATEWAY_AGENT_TRANSPORT: 'simulator',
      GATEWAY_LOG_LEVEL: 'error',
      GATEWAY_METRICS_TOKEN: METRICS_TOKEN,
    });
    gateway = await startGateway(
      config,
      createJsonLogger('error', () => {}),
      { announce: () => {} },
    );
    key = (await new ApiKeyService(new TypeOrmApiKeyStore(gateway.dataSource)).create({ account: 'admin' })).key;
  });
  afterAll(async () => {
    await gateway?.stop();
    await db?.dispose();
  });

  async function graphql(query: string, variables?: Record<string, unknown>) {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: any; errors?: unknown[] };
  }

  it('counts a finished job by status and every agent command by name and outcome at /metrics', async () => {
    const handles = demoHandles();
    const vm = await graphql('query($id: ID!) { virtualMachine(id: $id) { volumes { id type } } }', { id: handles.vms['web-01'] });
    const dataDisk = vm.data.virtualMachine.volumes.find((v: any) => v.type === 'DATADISK').id;
    const started = await graphql('mutation($input: MigrateVmWithStorageInput!) { migrateVmWithStorage(input: $input) { job { id } } }', {
      input: {
        vmId: handles.vms['web-01'],
        destinationHostId: handles.hosts['kvm-a2'],
        volumes: [{ volumeId: dataDisk, destinationPoolId: handles.pools['nfs-a2'] }],
      },
    });
    expect(started.errors).toBeUndefined();
    const jobId = started.data.migrateVmWithStorage.job.id;
    let status = 'PENDING';
    for (let i = 0; i < 100 && (status === 'PENDING' || status === 'RUNNING'); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await graphql('query($id: ID!) { migrationJob(id: $id) { status } }', { id: jobId })).data.migrationJob.status;
    }
    expect(status).toBe('SUCCEEDED');
    const commands = (await graphql('query($id: ID!) { migrationJob(id: $id) { commands { name } } }', { id: jobId })).data.migrationJob.commands;

    const metrics = await (await fetch(`${gateway.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    expect(metrics).toMatch(/^gateway_migration_jobs_finished_total\{status="SUCCEEDED"\} 1$/m);
    const counted = [...metrics.matchAll(/^gateway_agent_command_duration_seconds_count\{command="([^"]+)",outcome="([^"]+)"\} (\d+)$/gm)];
    expect(counted.reduce((sum, m) => sum + Number(m[3]), 0)).toBe(commands.length);
    expect(new Set(counted.map((m) => m[1]))).toEqual(new Set(commands.map((c: any) => c.name)));
  });
});
