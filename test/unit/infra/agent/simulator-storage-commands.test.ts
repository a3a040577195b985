import { describe, expect, it } from 'vitest';
import type { ImageStoreTO, TemplateObjectTO } from '../../../../src/domain/agent/command-bodies';
import {
  DEMO_SOURCE_FILES,
  GiB,
  IMAGE_STORE_TEMPLATE_PATH,
  demoSimulator,
  fullClone,
  linkedClone,
  primaryStore,
  sendTo,
  volumeTO,
} from './support/fleet-fixture';

const IMAGE_STORE: ImageStoreTO = { role: 'Image', uuid: 'img-1', url: 'nfs://10.1.0.6/export/secondary', protocol: 'nfs' };

function templateTO(o: Partial<TemplateObjectTO>): TemplateObjectTO {
  return {
    templateId: 201,
    templateUuid: 'tmpl-uuid-201',
    uniqueName: '201-2-tmpl',
    format: 'QCOW2',
    path: IMAGE_STORE_TEMPLATE_PATH,
    size: null,
    store: IMAGE_STORE,
    ...o,
  };
}

describe('CopyCommand on the simulated fleet', () => {
  it('copies the image store template into the destination pool under destTO.path and answers the new data', async () => {
    const simulator = demoSimulator();
    const destTO = templateTO({ path: 'tmpl-201-dst', store: primaryStore('nfs-dst') });

    const outcome = await sendTo(simulator, 2, 'CopyCommand', { srcTO: templateTO({}), destTO });

    expect(outcome).toEqual({
      kind: 'ANSWERED',
      answer: { name: 'CopyCmdAnswer', result: true, details: null, body: { newData: { ...destTO, size: 2 * GiB } } },
    });
    expect(simulator.state().pools['nfs-dst'].files).toEqual({ 'tmpl-201-dst': { size: 2 * GiB, backingFile: null } });
  });

  it('names the copy with a generated uuid when destTO has no path', async () => {
    const simulator = demoSimulator();

    const outcome = await sendTo(simulator, 2, 'CopyCommand', {
      srcTO: templateTO({}),
      destTO: templateTO({ path: null, store: primaryStore('nfs-dst') }),
    });

    expect(outcome.kind === 'ANSWERED' && outcome.answer.body.newData).toMatchObject({ path: 'gen-1', size: 2 * GiB });
    expect(Object.keys(simulator.state().pools['nfs-dst'].files)).toEqual(['gen-1']);
  });

  it('fails with a CopyCmdAnswer naming the path when the image store does not hold the template', async () => {
    const simulator = demoSimulator();

    const outcome = await sendTo(simulator, 2, 'CopyCommand', {
      srcTO: templateTO({ path: 'template/tmpl/2/999/missing.qcow2' }),
      destTO: templateTO({ path: 'x', store: primaryStore('nfs-dst') }),
    });

    expect(outcome).toEqual({
      kind: 'ANSWERED',
      answer: {
        name: 'CopyCmdAnswer',
        result: false,
        body: {},
        details: 'Unable to find template template/tmpl/2/999/missing.qcow2 on image store img-1',
      },
    });
    expect(simulator.state().pools['nfs-dst'].files).toEqual({});
  });
});

describe('DirectDownloadCommand on the simulated fleet', () => {
  it('downloads the template to the destination pool under a generated name and answers it with the size', async () => {
    const simulator = demoSimulator();

    const outcome = await sendTo(simulator, 2, 'DirectDownloadCommand', {
      url: 'http://repo/dd.qcow2',
      templateId: 202,
      templateUuid: 'tmpl-uuid-202',
      checksum: null,
      format: 'QCOW2',
      destPool: primaryStore('nfs-dst'),
    });

    expect(outcome).toEqual({
      kind: 'ANSWERED',
      answer: { name: 'DirectDownloadAnswer', result: true, details: null, body: { installPath: 'gen-1', templateSize: GiB } },
    });
    expect(simulator.state().pools['nfs-dst'].files).toEqual({ 'gen-1': { size: GiB, backingFile: null } });
  });

  it('fails with a DirectDownloadAnswer when the command has no URL', async () => {
    const simulator = demoSimulator();

    const outcome = await sendTo(simulator, 2, 'DirectDownloadCommand', {
      url: null,
      templateId: 202,
      templateUuid: null,
      checksum: null,
      format: 'QCOW2',
      destPool: primaryStore('nfs-dst'),
    });

    expect(outcome).toEqual({
      kind: 'ANSWERED',
      answer: { name: 'DirectDownloadAnswer', result: false, details: 'Unable to download template 202: no URL given', body: {} },
    });
  });
});

describe('CreateObjectCommand on the simulated fleet', () => {
  it('copies the source backing file into the destination pool and creates a linked clone on it when copySrcTemplate', async () => {
    const simulator = demoSimulator();

    const outcome = await sendTo(simulator, 2, 'CreateObjectCommand', {
      data: volumeTO({ uuid: 'dest-100', store: primaryStore('nfs-dst'), migrationOptions: linkedClone() }),
    });

    expect(outcome).toEqual({
      kind: 'ANSWERED',
      answer: { name: 'CreateObjectAnswer', result: true, details: null, body: { data: { path: 'dest-100', size: 10 * GiB, format: 'QCOW2' } } },
    });
    expect(simulator.state().pools['nfs-dst'].files).toEqual({
      'tmpl-201-src': { size: 2 * GiB, backingFile: null },
      'dest-100': { size: 10 * GiB, backingFile: 'tmpl-201-src' },
    });
  });

  it('fails like the KVM agent when the backing file is not in the destination pool and copySrcTemplate is false', async () => {
    const simulator = demoSimulator();

    const outcome = await sendTo(simulator, 2, 'CreateObjectCommand', {
      data: volumeTO({ uuid: 'dest-100', store: primaryStore('nfs-dst'), migrationOptions: linkedClone({ copySrcTemplate: false }) }),
    });

    expect(outcome).toEqual({
      kind: 'ANSWERED',
      answer: {
        name: 'CreateObjectAnswer',
        result: false,
        body: {},
        details: "com.cloud.utils.exception.CloudRuntimeException: Can't find volume:tmpl-201-src",
      },
    });
    expect(simulator.state().pools['nfs-dst'].files).toEqual({});
  });

  it('backs the clone by the destination pool file of the same name when copySrcTemplate is false', async () => {
    const simulator = demoSimulator();
    simulator.fleet.putFile('nfs-dst', 'tmpl-201-src', { size: 2 * GiB, backingFile: null });

    await sendTo(simulator, 2, 'CreateObjectCommand', {
      data: volumeTO({ uuid: 'dest-100', store: primaryStore('nfs-dst'), migrationOptions: linkedClone({ copySrcTemplate: false }) }),
    });

    expect(simulator.state().pools['nfs-dst'].files['dest-100']).toEqual({ size: 10 * GiB, backingFile: 'tmpl-201-src' });
  });

  it('fails when the backing file is missing in the source pool, even with copySrcTemplate', async () => {
    const simulator = demoSimulator();

    const outcome = await sendTo(simulator, 2, 'CreateObjectCommand', {
      data: volumeTO({ uuid: 'dest-100', store: primaryStore('nfs-dst'), migrationOptions: linkedClone({ srcBackingFilePath: 'dd-generated' }) }),
    });

    expect(outcome).toMatchObject({
      answer: { name: 'CreateObjectAnswer', result: false, details: "com.cloud.utils.exception.CloudRuntimeException: Can't find volume:dd-generated" },
    });
    expect(simulator.state().pools['nfs-dst'].files).toEqual({});
  });

  it('creates an empty disk of the volume size for a full clone', async () => {
    const simulator = demoSimulator();

    await sendTo(simulator, 2, 'CreateObjectCommand', {
      data: volumeTO({ uuid: 'dest-100', store: primaryStore('nfs-dst'), migrationOptions: fullClone() }),
    });

    expect(simulator.state().pools['nfs-dst'].files).toEqual({ 'dest-100': { size: 10 * GiB, backingFile: null } });
  });

  it('creates a plain disk when the command carries no migration options', async () => {
    const simulator = demoSimulator();

    await sendTo(simulator, 2, 'CreateObjectCommand', { data: volumeTO({ uuid: 'dest-101', size: 5 * GiB, store: primaryStore('local-dst') }) });

    expect(simulator.state().pools['local-dst'].files).toEqual({ 'dest-101': { size: 5 * GiB, backingFile: null } });
  });

  it('names a managed pool volume by its iSCSI name and reports it raw', async () => {
    const simulator = demoSimulator();

    const outcome = await sendTo(simulator, 2, 'CreateObjectCommand', {
      data: volumeTO({ uuid: 'dest-100', iscsiName: 'iqn-100', store: primaryStore('flex-1') }),
    });

    expect(outcome).toMatchObject({ answer: { result: true, body: { data: { path: 'iqn-100', size: 10 * GiB, format: 'RAW' } } } });
    expect(simulator.state().pools['flex-1'].files).toEqual({ 'iqn-100': { size: 10 * GiB, backingFile: null } });
  });

  it('refuses to overwrite an existing disk of the same name', async () => {
    const simulator = demoSimulator();

    const outcome = await sendTo(simulator, 1, 'CreateObjectCommand', { data: volumeTO({ uuid: 'vol-100', store: primaryStore('nfs-src') }) });

    expect(outcome).toMatchObject({
      answer: { name: 'CreateObjectAnswer', result: false, details: "org.libvirt.LibvirtException: operation failed: storage vol 'vol-100' already exists" },
    });
    expect(simulator.state().pools['nfs-src'].files).toEqual(DEMO_SOURCE_FILES['nfs-src']);
  });

  it('fails with a libvirt pool error when the destination pool is unknown to the host', async () => {
    const simulator = demoSimulator();

    const outcome = await sendTo(simulator, 2, 'CreateObjectCommand', { data: volumeTO({ uuid: 'd', store: { ...primaryStore('nfs-dst'), uuid: 'nope' } }) });

    expect(outcome).toMatchObject({
      answer: {
        name: 'CreateObjectAnswer',
        result: false,
        details: "org.libvirt.LibvirtException: Storage pool not found: no storage pool with matching uuid 'nope'",
      },
    });
  });
});

describe('ModifyTargetsCommand on the simulated fleet', () => {
  const target = (iqn: string, storageUuid: string) => ({
    iqn,
    storageType: 'PowerFlex',
    storageUuid,
    storageHost: '10.1.0.7',
    storagePort: 443,
  });

  it('connects a managed volume and answers its block device path', async () => {
    const simulator = demoSimulator();
    simulator.fleet.putFile('flex-1', 'iqn-100', { size: GiB, backingFile: null });

    const outcome = await sendTo(simulator, 2, 'ModifyTargetsCommand', {
      targets: [target('iqn-100', 'flex-1')],
      add: true,
      applyToAllHostsInCluster: true,
      targetTypeToRemove: 'DYNAMIC',
    });

    expect(outcome).toEqual({
      kind: 'ANSWERED',
      answer: { name: 'ModifyTargetsAnswer', result: true, details: null, body: { connectedPaths: ['/dev/disk/by-id/powerflex-iqn-100'] } },
    });
  });

  it('answers <pool path>/<iqn> for a volume on a file pool', async () => {
    const simulator = demoSimulator();
    simulator.fleet.putFile('nfs-dst', 'dest-100', { size: GiB, backingFile: null });

    const outcome = await sendTo(simulator, 2, 'ModifyTargetsCommand', {
      targets: [{ ...target('dest-100', 'nfs-dst'), storageType: 'NetworkFilesystem' }],
      add: true,
      applyToAllHostsInCluster: true,
      targetTypeToRemove: 'DYNAMIC',
    });

    expect(outcome).toMatchObject({ answer: { result: true, body: { connectedPaths: ['/export/nfs-dst/dest-100'] } } });
  });

  it('fails with the plain Answer the agent sends when the pool does not hold the target', async () => {
    const simulator = demoSimulator();

    const outcome = await sendTo(simulator, 2, 'ModifyTargetsCommand', {
      targets: [target('iqn-404', 'flex-1')],
      add: true,
      applyToAllHostsInCluster: true,
      targetTypeToRemove: 'DYNAMIC',
    });

    expect(outcome).toEqual({
      kind: 'ANSWERED',
      answer: { name: 'Answer', result: false, details: "Can't find volume:iqn-404", body: {} },
    });
  });

  it('disconnects with add=false and answers no paths', async () => {
    const simulator = demoSimulator();

    const outcome = await sendTo(simulator, 2, 'ModifyTargetsCommand', {
      targets: [target('iqn-404', 'flex-1')],
      add: false,
      applyToAllHostsInCluster: true,
      targetTypeToRemove: 'DYNAMIC',
    });

    expect(outcome).toEqual({
      kind: 'ANSWERED',
      answer: { name: 'ModifyTargetsAnswer', result: true, details: null, body: { connectedPaths: [] } },
    });
  });
});

describe('DeleteCommand on the simulated fleet', () => {
  it('deletes the volume file from its pool', async () => {
    const simulator = demoSimulator();

    const outcome = await sendTo(simulator, 1, 'DeleteCommand', {
      data: volumeTO({ uuid: 'vol-uuid-101', path: 'vol-101', store: primaryStore('local-src') }),
    });

    expect(outcome).toEqual({ kind: 'ANSWERED', answer: { name: 'Answer', result: true, details: null, body: {} } });
    expect(simulator.state().pools['local-src'].files).toEqual({});
  });

  it('succeeds when the file is already gone', async () => {
    const simulator = demoSimulator();

    const outcome = await sendTo(simulator, 2, 'DeleteCommand', { data: volumeTO({ uuid: 'x', path: 'never-created', store: primaryStore('nfs-dst') }) });

    expect(outcome).toEqual({ kind: 'ANSWERED', answer: { name: 'Answer', result: true, details: null, body: {} } });
  });
});
