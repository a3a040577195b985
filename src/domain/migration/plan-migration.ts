import { VmState } from '../inventory/cloudstack-values';
import type { MigrationPlan, MigrationPlanEntry } from './migration-plan';
import type { MigrationSnapshot } from './migration-snapshot';
import { type MigratedEntryPlan, planMigratedEntry, planNotMigratedEntry } from './plan-entry';
import { planCommands } from './planned-commands';
import { planEndCommands } from './planned-end-commands';
import { resolveEntries } from './resolved-entry';
import { decideForceFullClone } from './rules/direct-download';
import { isWindowsGuest } from './rules/guest-os';
import { collectBlockers } from './rules/request-blockers';
import { decideDisposition } from './rules/skip-rules';
import { hookStrategy, selectStrategy } from './rules/strategy';
import { TemplatePoolRefLedger } from './rules/template-pool-ref-ledger';
import { buildVirtualMachineTO } from './vm-transfer-object';

/**
 * The decision half of CloudStack's KVM `migrateVmWithStorage` (4.22 + PR #13084): which strategy,
 * which volumes move and how, what the agents will be sent, and every reason the request cannot run.
 * Pure and deterministic: the same snapshot gives a deep-equal plan.
 */
export function planMigration(snapshot: MigrationSnapshot): MigrationPlan {
  const resolved = resolveEntries(snapshot);
  const strategy = selectStrategy(snapshot.sourceHost, snapshot.destinationHost, resolved); // R2
  const hooks = hookStrategy(strategy, resolved);
  const dispositions = resolved.map((entry) => decideDisposition(entry, hooks)); // R7, R8
  const migratedEntries = dispositions.flatMap((d) => (d.kind === 'MIGRATED' ? [d.entry] : []));
  const fullClone = decideForceFullClone(migratedEntries, snapshot.templates); // R10a, R35

  // The per-volume loop, in map order: earlier entries' template references are seen by later ones.
  const refs = new TemplatePoolRefLedger(snapshot.templatePoolRefs);
  const context = { snapshot, hooks, fullClone, refs };
  const migrated: MigratedEntryPlan[] = [];
  const entries: MigrationPlanEntry[] = resolved.map((entry, index) => {
    const disposition = dispositions[index];
    if (disposition.kind !== 'MIGRATED') return planNotMigratedEntry(entry, disposition);
    const plan = planMigratedEntry(disposition.entry, context);
    migrated.push(plan);
    return plan.trace;
  });

  const migrateNonSharedInc = migrated.some((plan) => plan.trace.cloneMode === 'LINKED_CLONE'); // R12
  const migrateStorageManaged = migrated.some((plan) => plan.entry.destinationPool.managed); // R28
  const isWindows = isWindowsGuest(snapshot.guestOsCategoryName); // R27
  const blockers = collectBlockers(snapshot, strategy, resolved, dispositions);

  const vm = buildVirtualMachineTO({
    vm: snapshot.vm,
    state: VmState.Migrating, // R6: reloaded after R3 moved it to Migrating
    isWindows,
    volumes: snapshot.vmVolumes,
    pools: snapshot.pools,
    secretConsumers: new Map(migrated.map((plan) => [plan.entry.volume.id, plan.disk.volumeIdentifier])), // R24
  });

  return {
    vmId: snapshot.vm.id,
    sourceHostId: snapshot.sourceHost?.id ?? null,
    destinationHostId: snapshot.destinationHost.id,
    blockers,
    strategy: strategy.strategy,
    strategyReason: strategy.reason,
    forceFullClone: fullClone.forceFullClone,
    forcedByVolumeIds: fullClone.forcedByVolumeIds,
    migrateNonSharedInc,
    migrateStorageManaged,
    isWindows,
    autoConvergence: snapshot.settings.autoConvergence,
    migrateWaitSeconds: snapshot.settings.storageOnlineMigrationWaitSeconds,
    agentWaitSeconds: snapshot.settings.agentWaitSeconds,
    entries,
    commands: blockers.length > 0 ? [] : planCommands({ snapshot, migrated, vm, migrateNonSharedInc, migrateStorageManaged }),
    end: blockers.length > 0 ? null : planEndCommands(snapshot, migrated, vm),
  };
}
