import { describe, expect, it } from 'vitest';
import { KvmFleetSimulator } from '../../../../src/infra/agent/kvm-fleet-simulator';
import {
  DEMO_SOURCE_FILES,
  GiB,
  IMAGE_STORE_TEMPLATE_PATH,
  VM_NAME,
  demoInventory,
  makeHost,
  makePool,
  makeTemplatePoolRef,
  makeVm,
  makeVolume,
} from './support/fleet-fixture';

describe('KvmFleetSimulator.loadInventory', () => {
  it('builds hosts, pool files with backing chains, image store templates and running domains from the records', () => {
    const simulator = new KvmFleetSimulator();
    simulator.loadInventory(demoInventory());

    expect(simulator.state()).toEqual({
      hosts: [
        {
          id: 1,
          name: 'kvm-01',
          privateIp: '10.1.1.11',
          reachable: true,
          preparedVms: [],
          runningVms: { [VM_NAME]: ['/export/nfs-src/vol-100', '/var/lib/libvirt/images/vol-101'] },
        },
        { id: 2, name: 'kvm-02', privateIp: '10.1.1.12', reachable: true, preparedVms: [], runningVms: {} },
        { id: 3, name: 'kvm-03', privateIp: '10.1.1.13', reachable: false, preparedVms: [], runningVms: {} },
      ],
      pools: {
        'nfs-src': { type: 'NetworkFilesystem', path: '/export/nfs-src', managed: false, files: DEMO_SOURCE_FILES['nfs-src'] },
        'nfs-dst': { type: 'NetworkFilesystem', path: '/export/nfs-dst', managed: false, files: {} },
        'local-src': { type: 'Filesystem', path: '/var/lib/libvirt/images', managed: false, files: DEMO_SOURCE_FILES['local-src'] },
        'local-dst': { type: 'Filesystem', path: '/var/lib/libvirt/images', managed: false, files: {} },
        'flex-1': { type: 'PowerFlex', path: '/flex-1', managed: true, files: {} },
      },
      imageStores: { 'img-1': { templates: { [IMAGE_STORE_TEMPLATE_PATH]: { size: 2 * GiB, backingFile: null } } } },
    });
  });

  it('names managed pool volumes by iSCSI name and gives them block device paths', () => {
    const simulator = new KvmFleetSimulator();
    simulator.loadInventory({
      hosts: [makeHost({ id: 1 })],
      pools: [makePool({ id: 15, uuid: 'flex-1', poolType: 'PowerFlex', path: '/flex-1', managed: true })],
      vms: [makeVm({ id: 10, instanceName: VM_NAME, hostId: 1 })],
      volumes: [makeVolume({ id: 100, instanceId: 10, deviceId: 0, poolId: 15, path: 'a1b2', iscsiName: '/flex/a1b2', size: GiB })],
    });

    expect(simulator.state().pools['flex-1'].files).toEqual({ '/flex/a1b2': { size: GiB, backingFile: null } });
    expect(simulator.state().hosts[0].runningVms).toEqual({ [VM_NAME]: ['/dev/disk/by-id/powerflex--flex-a1b2'] });
  });

  it('leaves a volume without a backing file when its template has no reference on the volume pool', () => {
    const simulator = new KvmFleetSimulator();
    simulator.loadInventory({
      pools: [makePool({ id: 11, uuid: 'nfs-src', poolType: 'NetworkFilesystem', path: '/p' })],
      templatePoolRefs: [makeTemplatePoolRef({ id: 1, poolId: 99, templateId: 201, installPath: 'elsewhere' })],
      volumes: [makeVolume({ id: 100, poolId: 11, path: 'vol-100', templateId: 201, size: GiB })],
    });

    expect(simulator.state().pools['nfs-src'].files).toEqual({ 'vol-100': { size: GiB, backingFile: null } });
  });

  it('replaces the previous fleet instead of merging into it', () => {
    const simulator = new KvmFleetSimulator();
    simulator.loadInventory(demoInventory());
    simulator.loadInventory({ hosts: [makeHost({ id: 7 })] });

    expect(simulator.state()).toEqual({
      hosts: [{ id: 7, name: 'kvm-07', privateIp: '10.1.1.17', reachable: true, preparedVms: [], runningVms: {} }],
      pools: {},
      imageStores: {},
    });
  });
});
