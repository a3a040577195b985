import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { VolumeEntity } from '../../../src/infra/db/entities';
import { demoUuid } from '../../../src/infra/db/seed/demo-ids';
import { demoHandles } from '../../../src/infra/db/seed/demo-inventory';
import { DEMO_MIGRATION_CASES } from '../../../src/infra/db/seed/demo-migration-cases';
import { insertInventory, uuidOf } from '../../factories/inventory-rows.factory';
import { createTestGateway, type TestGateway } from '../../support/gateway-harness';
import { DATABASE_KINDS } from '../../support/test-database';

const PLAN_QUERY = /* GraphQL */ `
  query Plan($input: MigrateVmWithStorageInput!) {
    migrationPlan(input: $input) {
      forceFullClone
      forcedBy {
        id
        name
      }
      migrateNonSharedInc
      migrateStorageManaged
      strategy
      strategyReason
      isWindows
      autoConvergence
      vm {
        id
      }
      sourceHost {
        name
      }
      destinationHost {
        name
      }
      entries {
        index
        volume {
          id
          type
        }
        sourcePool {
          name
        }
        destinationPool {
          name
        }
        skipped
        skipReason
        skipMessage
        directDownload
        cloneMode
        cloneModeReason
        copySrcTemplate
        backingFile
        sourceBackingFile
        templateStaging {
          kind
          reason
          imageStore {
            name
          }
        }
        templateRefAction {
          kind
        }
        destinationVolumeId
        destinationPath
        needsModifyTargets
        migrateDiskInfo {
          serialNumber
          diskType
          driverType
          source
        }
      }
      blockers {
        code
        message
        volume {
          id
        }
        pool {
          id
          name
        }
      }
      commands {
        step
        target
        host {
          name
        }
        name
        wait
        executeInSequence
        entryIndex
        body
      }
    }
  }
`;

type Disk = 'ROOT' | 'DATA-1';
const handles = demoHandles();
const volumeOf = (vm: string, disk: Disk) => demoUuid('volume', `${vm}/${disk}`);

/** A demo case's request as API input (the seed's name-based uuids). */
function caseInput(caseId: string) {
  const demoCase = DEMO_MIGRATION_CASES.find((c) => c.id === caseId);
  if (!demoCase) throw new Error(`unknown demo case ${caseId}`);
  return {
    vmId: handles.vms[demoCase.vm],
    destinationHostId: handles.hosts[demoCase.request.host],
    volumes: demoCase.request.volumes.map(([disk, pool]) => ({ volumeId: volumeOf(demoCase.vm, disk), destinationPoolId: handles.pools[pool] })),
  };
}

const UNKNOWN_UUID = '11111111-2222-4333-8444-555555555555';

describe.each(DATABASE_KINDS)('migrationPlan over the demo inventory on %s', (kind) => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await createTestGateway(kind, { seedDemo: true });
  });
  afterAll(async () => gateway?.dispose());

  async function plan(input: unknown) {
    const result = await gateway.execute(PLAN_QUERY, { input });
    expect(result.errors).toBeUndefined();
    return result.data!.migrationPlan;
  }

  it('plans NFS to NFS as linked clone on the copy the destination already holds, in input order', async () => {
    const result = await plan(caseInput('nfs-to-nfs-shortcut'));
    expect(result).toMatchObject({
      forceFullClone: false,
      forcedBy: [],
      migrateNonSharedInc: true,
      migrateStorageManaged: false,
      strategy: 'NON_MANAGED',
      strategyReason: 'NFS_SAME_CLUSTER_FIRST_ENTRY',
      isWindows: false,
      vm: { id: handles.vms['web-01'] },
      sourceHost: { name: 'kvm-a1' },
      destinationHost: { name: 'kvm-a2' },
      blockers: [],
    });
    const [root, data] = result.entries;
    expect(root).toMatchObject({
      index: 0,
      volume: { id: volumeOf('web-01', 'ROOT'), type: 'ROOT' },
      sourcePool: { name: 'nfs-a1' },
      destinationPool: { name: 'nfs-a2' },
      skipped: false,
      skipReason: null,
      directDownload: false,
      cloneMode: 'LINKED_CLONE',
      cloneModeReason: 'LINKED_CLONE',
      copySrcTemplate: false,
      templateStaging: { kind: 'EXISTING_REFERENCE', reason: null, imageStore: null },
      templateRefAction: { kind: 'NONE' },
      // A dry run cannot know the new uuid: the path shows the placeholder, the id is null.
      destinationVolumeId: null,
      destinationPath: '/export/primary/cluster-a-2/{destinationVolumeUuid}',
      needsModifyTargets: true,
      migrateDiskInfo: { serialNumber: volumeOf('web-01', 'ROOT'), diskType: 'file', driverType: 'qcow2', source: 'file' },
    });
    // R18: same file on both pools, so the backing file is the source's and nothing is copied.
    expect(root.backingFile).toBeTruthy();
    expect(root.backingFile).toBe(root.sourceBackingFile);
    expect(data).toMatchObject({
      index: 1,
      volume: { id: volumeOf('web-01', 'DATA-1'), type: 'DATADISK' },
      cloneMode: 'FULL_CLONE',
      cloneModeReason: 'VOLUME_HAS_NO_TEMPLATE',
      copySrcTemplate: null,
      backingFile: null,
      templateStaging: { kind: 'NONE' },
    });
    expect(result.commands.map((c: any) => [c.step, c.name, c.target, c.host.name, c.entryIndex])).toEqual([
      [2, 'CreateObjectCommand', 'DESTINATION_HOST', 'kvm-a2', 0],
      [3, 'ModifyTargetsCommand', 'DESTINATION_HOST', 'kvm-a2', 0],
      [2, 'CreateObjectCommand', 'DESTINATION_HOST', 'kvm-a2', 1],
      [3, 'ModifyTargetsCommand', 'DESTINATION_HOST', 'kvm-a2', 1],
      [4, 'PrepareForMigrationCommand', 'DESTINATION_HOST', 'kvm-a2', null],
      [5, 'MigrateCommand', 'SOURCE_HOST', 'kvm-a1', null],
    ]);
    const migrate = result.commands.at(-1);
    expect(migrate.body).toMatchObject({ migrateNonSharedInc: true, migrateStorageManaged: false });
    expect(migrate.wait).toBeGreaterThan(0);
  });

  it('forces a full clone of every volume when a migrated volume is direct-download backed, even when listed second (R10a)', async () => {
    const input = caseInput('direct-download-forces-full-clone');
    expect(input.volumes[0].volumeId).toBe(volumeOf('dd-web-01', 'DATA-1'));
    const result = await plan(input);
    expect(result).toMatchObject({
      forceFullClone: true,
      forcedBy: [{ id: volumeOf('dd-web-01', 'ROOT') }],
      migrateNonSharedInc: false,
      blockers: [],
    });
    expect(result.entries.map((e: any) => [e.volume.id, e.directDownload, e.cloneMode, e.cloneModeReason, e.templateStaging.kind, e.backingFile])).toEqual([
      [volumeOf('dd-web-01', 'DATA-1'), false, 'FULL_CLONE', 'FORCED_BY_DIRECT_DOWNLOAD', 'NONE', null],
      [volumeOf('dd-web-01', 'ROOT'), true, 'FULL_CLONE', 'FORCED_BY_DIRECT_DOWNLOAD', 'NONE', null],
    ]);
    // No template staging: neither a CopyCommand nor a DirectDownloadCommand (pre-PR the ROOT was staged, R14).
    expect(result.commands.map((c: any) => c.name)).not.toContain('DirectDownloadCommand');
    expect(result.commands.map((c: any) => c.step)).not.toContain(1);
  });

  it('skips a same-pool PowerFlex DD volume without letting it force a full clone (R7, R10a)', async () => {
    const result = await plan(caseInput('same-pool-powerflex-skipped'));
    expect(result).toMatchObject({
      strategy: 'MANAGED',
      strategyReason: 'MANAGED_POOL_IN_REQUEST',
      migrateStorageManaged: true,
      forceFullClone: false,
      forcedBy: [],
      blockers: [],
    });
    const [root, data] = result.entries;
    expect(root).toMatchObject({
      skipped: true,
      skipReason: 'SAME_POOL_POWER_FLEX',
      directDownload: null,
      cloneMode: null,
      cloneModeReason: null,
      sourcePool: { name: 'powerflex-z1' },
      destinationPool: { name: 'powerflex-z1' },
      destinationPath: null,
      migrateDiskInfo: null,
    });
    expect(root.skipMessage).toMatch(/powerflex-z1/);
    expect(data).toMatchObject({
      skipped: false,
      cloneMode: 'FULL_CLONE',
      cloneModeReason: 'VOLUME_HAS_NO_TEMPLATE',
      destinationPath: null,
      needsModifyTargets: true,
      migrateDiskInfo: { diskType: 'block', driverType: 'raw', source: 'dev' },
    });
    expect(result.commands.filter((c: any) => c.entryIndex !== null).map((c: any) => c.entryIndex)).toEqual([1, 1]);
  });

  it('skips the RBD data disk under the NFS shortcut and copies the template for the ROOT (R8, R15)', async () => {
    const result = await plan(caseInput('non-file-source-skipped'));
    expect(result).toMatchObject({ strategy: 'NON_MANAGED', strategyReason: 'NFS_SAME_CLUSTER_FIRST_ENTRY', blockers: [] });
    const [root, data] = result.entries;
    expect(root).toMatchObject({
      skipped: false,
      cloneMode: 'LINKED_CLONE',
      templateStaging: { kind: 'COPY_FROM_IMAGE_STORE', imageStore: { name: 'nfs-secondary-1' } },
    });
    expect(data).toMatchObject({
      skipped: true,
      skipReason: 'SOURCE_POOL_NOT_FILE_BASED',
      sourcePool: { name: 'ceph-rbd-z1' },
      cloneMode: null,
      migrateDiskInfo: null,
    });
    expect(result.commands[0]).toMatchObject({ step: 1, name: 'CopyCommand', target: 'DESTINATION_HOST', host: { name: 'kvm-b1' }, entryIndex: 0 });
    expect(result.commands.some((c: any) => c.entryIndex === 1)).toBe(false);
  });

  it('still forces a full clone for a ROOT whose direct-download template was removed (R35)', async () => {
    const result = await plan(caseInput('removed-direct-download-template'));
    expect(result).toMatchObject({ forceFullClone: true, forcedBy: [{ id: volumeOf('legacy-dd-01', 'ROOT') }], migrateNonSharedInc: false, blockers: [] });
    expect(result.entries[0]).toMatchObject({ directDownload: true, cloneMode: 'FULL_CLONE', cloneModeReason: 'FORCED_BY_DIRECT_DOWNLOAD' });
  });

  it('full-clones the ROOT of an imported VM (dummy template, never on a pool) (R10)', async () => {
    const result = await plan(caseInput('imported-vm'));
    expect(result).toMatchObject({ forceFullClone: false, migrateNonSharedInc: false, blockers: [] });
    expect(result.entries[0]).toMatchObject({
      cloneMode: 'FULL_CLONE',
      cloneModeReason: 'NO_BACKING_FILE',
      backingFile: null,
      templateStaging: { kind: 'NONE' },
    });
  });

  it('marks a Windows guest (R27)', async () => {
    expect(await plan(caseInput('windows-guest'))).toMatchObject({ isWindows: true, blockers: [] });
  });

  it('reports a stopped VM as blocked, with codes, and plans no commands (R1)', async () => {
    const result = await plan(caseInput('vm-not-running'));
    expect(result.blockers.map((b: any) => b.code)).toEqual(['VM_NOT_RUNNING', 'VM_NOT_ON_A_HOST']);
    expect(result.blockers[0].message).toMatch(/is not in the Running state to migrate it to the new host/);
    expect(result).toMatchObject({ strategy: null, strategyReason: 'VM_NOT_ON_A_HOST', sourceHost: null, commands: [] });
  });

  it('reports a VM on a XenServer host as blocked (R2, R4)', async () => {
    const result = await plan(caseInput('source-host-not-kvm'));
    expect(result.blockers).toEqual([
      { code: 'SOURCE_HOST_NOT_KVM', message: 'Invalid hypervisor type (only KVM supported for this operation at the time being)', volume: null, pool: null },
    ]);
    expect(result).toMatchObject({ strategy: null, strategyReason: 'SOURCE_HOST_NOT_KVM', sourceHost: { name: 'xen-x1' }, commands: [] });
  });

  it('reports a managed source pool with the volume and pool it is about (R5)', async () => {
    const result = await plan(caseInput('managed-source-cannot-move'));
    expect(result.blockers).toEqual([
      {
        code: 'MANAGED_SOURCE_POOL',
        message: 'Migrating a volume online with KVM from managed storage is not currently supported.',
        volume: { id: volumeOf('flex-db-01', 'ROOT') },
        pool: { id: handles.pools['powerflex-z1'], name: 'powerflex-z1' },
      },
    ]);
    expect(result.commands).toEqual([]);
  });

  it('reports an unknown destination pool by the id asked for, with no pool object and no numeric id (R5)', async () => {
    const input = caseInput('nfs-to-nfs-shortcut');
    input.volumes[1].destinationPoolId = UNKNOWN_UUID;
    const result = await plan(input);
    expect(result.blockers).toEqual([
      {
        code: 'DESTINATION_POOL_MISSING',
        message: `Destination storage pool with ID ${UNKNOWN_UUID} was not located.`,
        volume: { id: volumeOf('web-01', 'DATA-1') },
        pool: null,
      },
    ]);
    expect(result.entries[1]).toMatchObject({ destinationPool: null, cloneMode: null, cloneModeReason: 'POOL_MISSING' });
    expect(result.commands).toEqual([]);
  });

  it('reports a request in which no volume changes pool (R1)', async () => {
    const result = await plan({
      vmId: handles.vms['web-01'],
      destinationHostId: handles.hosts['kvm-a2'],
      volumes: [{ volumeId: volumeOf('web-01', 'ROOT'), destinationPoolId: handles.pools['nfs-a1'] }],
    });
    expect(result.blockers.map((b: any) => b.code)).toEqual(['NOTHING_TO_MIGRATE']);
    expect(result.blockers[0].message).toMatch(/doesn't involve migrating the volumes/);
  });

  it('answers NOT_FOUND for an unknown VM and an unknown volume', async () => {
    const unknownVm = await gateway.execute(PLAN_QUERY, { input: { ...caseInput('nfs-to-nfs-shortcut'), vmId: UNKNOWN_UUID } });
    expect(unknownVm.data).toBeNull();
    expect(unknownVm.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    expect(unknownVm.errors?.[0].message).toContain(UNKNOWN_UUID);
    const input = caseInput('nfs-to-nfs-shortcut');
    input.volumes[0].volumeId = UNKNOWN_UUID;
    const unknownVolume = await gateway.execute(PLAN_QUERY, { input });
    expect(unknownVolume.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
  });

  it('answers BAD_USER_INPUT naming the argument for malformed ids, before reading anything', async () => {
    const cases: [string, (input: ReturnType<typeof caseInput>) => void][] = [
      [
        'input.vmId',
        (i) => {
          i.vmId = 'not a uuid';
        },
      ],
      [
        'input.destinationHostId',
        (i) => {
          i.destinationHostId = "1' OR '1'='1";
        },
      ],
      [
        'input.volumes[1].volumeId',
        (i) => {
          i.volumes[1].volumeId = '';
        },
      ],
      [
        'input.volumes[0].destinationPoolId',
        (i) => {
          i.volumes[0].destinationPoolId = 'x'.repeat(300);
        },
      ],
    ];
    for (const [argument, spoil] of cases) {
      const input = caseInput('nfs-to-nfs-shortcut');
      spoil(input);
      gateway.sql.reset();
      const result = await gateway.execute(PLAN_QUERY, { input });
      expect(
        result.errors?.map((e) => e.extensions?.code),
        argument,
      ).toEqual(['BAD_USER_INPUT']);
      expect(result.errors?.[0].extensions?.details).toEqual({ argument });
      expect(gateway.sql.count).toBe(0);
    }
  });

  it('is refused to an authenticated caller who is not a root admin', async () => {
    const viewer = { accountId: 7, accountUuid: null, accountType: 0, domainId: 1, domainPath: '/' };
    const refused = await gateway.execute(PLAN_QUERY, { input: caseInput('nfs-to-nfs-shortcut') }, { viewer });
    expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    const allowed = await gateway.execute(PLAN_QUERY, { input: caseInput('nfs-to-nfs-shortcut') }, { viewer: { ...viewer, accountType: 1 } });
    expect(allowed.errors).toBeUndefined();
  });

  it('never shows a numeric id outside command bodies', async () => {
    const result = await gateway.execute(PLAN_QUERY, { input: caseInput('template-copy-to-destination') });
    const { commands, ...rest } = result.data!.migrationPlan;
    const ids: unknown[] = [];
    JSON.stringify({ ...rest, commands: commands.map(({ body: _body, ...c }: any) => c) }, (key, value) => {
      if (key === 'id') ids.push(value);
      return value;
    });
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
  });
});

const COUNT_QUERY = /* GraphQL */ `
  query Plan($input: MigrateVmWithStorageInput!) {
    migrationPlan(input: $input) {
      forceFullClone
      strategy
      forcedBy {
        id
      }
      entries {
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
        cloneMode
        templateStaging {
          kind
          imageStore {
            id
          }
        }
      }
      blockers {
        code
        volume {
          id
        }
        pool {
          id
        }
      }
      commands {
        name
        host {
          id
        }
      }
    }
  }
`;

/** Extra DATADISK volumes for one VM, spread over the factory's pools (the factory's row shape). */
async function insertDataDisks(ds: DataSource, vmId: number, count: number, pools: number): Promise<string[]> {
  const now = new Date('2026-01-01T00:00:00Z');
  const rows = Array.from({ length: count }, (_, i) => {
    const id = 1000 + i;
    const uuid = uuidOf('xvol', id);
    return {
      id,
      accountId: 2,
      domainId: 1,
      poolId: 200 + ((i % pools) + 1),
      lastPoolId: null,
      instanceId: vmId,
      deviceId: i + 2,
      name: `DATA-${vmId}-x${i}`,
      uuid,
      size: 5e9,
      folder: null,
      path: uuid,
      podId: 1,
      zoneId: 1,
      iscsiName: null,
      volumeType: 'DATADISK',
      poolType: 'NetworkFilesystem',
      diskOfferingId: 1,
      templateId: null,
      recreatable: false,
      created: now,
      attached: now,
      updated: null,
      removed: null,
      state: 'Ready',
      chainInfo: null,
      updateCount: 0,
      displayVolume: true,
      format: 'QCOW2',
      minIops: null,
      maxIops: null,
      provisioningType: 'thin',
      passphraseId: null,
      encryptFormat: null,
      lastId: null,
    };
  });
  await ds.manager.insert(VolumeEntity, rows);
  return rows.map((r) => r.uuid);
}

describe.each(DATABASE_KINDS)('migrationPlan statements on %s', (kind) => {
  let gateway: TestGateway;
  afterEach(async () => gateway?.dispose());

  /** Statements of migrationPlan for a VM with 1 volume and one with 16 (each request's pool statements too). */
  async function measure(targets: { refuseUnsuitableHost: boolean }) {
    gateway = await createTestGateway(kind, { targets });
    // vm-1 has only its ROOT (volume 1, pool 1); vm-2 its ROOT (volume 2, pool 2) plus 15 data disks over pools 1-4.
    const inventory = await insertInventory(gateway.db.dataSource, { vms: 2, pools: 5, hosts: 3, volumesPerVm: 1 });
    const extra = await insertDataDisks(gateway.db.dataSource, 2, 15, 4);
    const destination = inventory.poolUuids[4];
    const request = (vm: number, volumes: string[]) => ({
      vmId: inventory.vmUuids[vm - 1],
      destinationHostId: uuidOf('host', 3),
      volumes: volumes.map((volumeId) => ({ volumeId, destinationPoolId: destination })),
    });

    const statements = async (input: ReturnType<typeof request>) => {
      gateway.sql.reset();
      const result = await gateway.execute(COUNT_QUERY, { input });
      expect(result.errors).toBeUndefined();
      expect(result.data!.migrationPlan.blockers).toEqual([]);
      expect(result.data!.migrationPlan.entries).toHaveLength(input.volumes.length);
      return { count: gateway.sql.count, pools: gateway.sql.statements.filter((s) => /FROM [`"]?storage_pool[`"]? /i.test(s)).length };
    };
    const one = await statements(request(1, [uuidOf('vol', 1)]));
    const many = await statements(request(2, [uuidOf('vol', 2), ...extra]));
    await gateway.dispose();
    return { one, many };
  }

  it('runs the same number of SQL statements for a VM with 1 volume and a VM with 16, each pool read at most twice', async () => {
    // The planner alone (the destination-host check, measured below, relaxed).
    const { one, many } = await measure({ refuseUnsuitableHost: false });
    expect(many.count).toBe(one.count);
    // The snapshot reads every pool of the request once; the API's pool loader once more.
    expect(many.pools).toBeLessThanOrEqual(2);
    expect(many.count).toBeLessThanOrEqual(20);
  });

  it("adds the destination-host check's reads, a fixed number whatever the number of volumes", async () => {
    const relaxed = await measure({ refuseUnsuitableHost: false });
    const checked = await measure({ refuseUnsuitableHost: true });
    expect(checked.many.count).toBe(checked.one.count);
    // The migration-targets reader for the VM and its destination host: 26 statements, less the 6 the
    // planning snapshot has just read (VM, its volumes, guest OS category, image stores, templates, store refs).
    expect(checked.many.count - relaxed.many.count).toBe(20);
  });
});
