import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildGatewaySchema } from '../../../src/graphql/schema';

describe('schema/schema.graphql', () => {
  it('is exactly the schema the code builds (run `npm run schema:emit` after changing types)', async () => {
    const checkedIn = readFileSync(resolve(__dirname, '../../../schema/schema.graphql'), 'utf8');
    expect(checkedIn).toBe(`${printSchema(await buildGatewaySchema())}\n`);
  });

  it('keeps the operations and names of the API contract', async () => {
    const sdl = printSchema(await buildGatewaySchema());
    for (const name of [
      'node(id: ID!): Node',
      'nodes(ids: [ID!]!): [Node]!',
      'virtualMachine(id: ID!): VirtualMachine',
      'virtualMachines(first: Int, after: String, filter: VirtualMachineFilter): VirtualMachineConnection!',
      'volume(id: ID!): Volume',
      'volumes(first: Int, after: String, filter: VolumeFilter): VolumeConnection!',
      'storagePool(id: ID!): StoragePool',
      'storagePools(first: Int, after: String, filter: StoragePoolFilter): StoragePoolConnection!',
      'host(id: ID!): Host',
      'hosts(first: Int, after: String, filter: HostFilter): HostConnection!',
      'template(id: ID!): Template',
      'templates(first: Int, after: String, filter: TemplateFilter): TemplateConnection!',
      'migrationPlan(input: MigrateVmWithStorageInput!): MigrationPlan!',
      'migrationJob(id: ID!): MigrationJob',
      'migrationJobs(first: Int, after: String, filter: MigrationJobFilter): MigrationJobConnection!',
      'migrateVmWithStorage(input: MigrateVmWithStorageInput!): MigrateVmWithStoragePayload!',
      'volumes: [VolumeMigrationInput!]!',
      'job: MigrationJob!',
      'type MigrationJob implements Node',
      'forceFullClone: Boolean!',
      'entries: [MigrationPlanEntry!]!',
      'blockers: [MigrationBlocker!]!',
    ]) {
      expect(sdl).toContain(name);
    }
    expect(sdl).toMatch(/NETWORK_FILESYSTEM[\s\S]*POWER_FLEX/);
  });
});
