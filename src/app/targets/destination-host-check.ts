import { type MigrationBlocker, MigrationBlockerCode, type MigrationPlan, type MigrationSnapshot } from '../../domain/migration';
import { findMigrationTargets, type TargetPolicy, TargetReasonCode } from '../../domain/targets';
import type { MigrationTargetsReader } from '../ports/migration-targets-reader';

export interface DestinationHostCheckOptions {
  policy: TargetPolicy;
  /**
   * Refuse a destination `findHostsForMigration` would not offer (default). CloudStack's
   * migrateVirtualMachineWithVolume does not re-run the host allocator, so an operator may relax it.
   */
  refuseUnsuitable: boolean;
}

/** Reasons the planner's own DESTINATION_HOST_NOT_UP already gives (CloudStack's migrate-API check). */
const HOST_STATE_REASONS: ReadonlySet<string> = new Set([
  TargetReasonCode.HostNotUp,
  TargetReasonCode.HostDisabled,
  TargetReasonCode.HostInMaintenance,
  TargetReasonCode.HostNotEnabled,
]);

/**
 * The destination-host guard of `migrationPlan` and `migrateVmWithStorage`: the same judgement as
 * `migrationTargets`, so a request built from its answer passes and one to an unsuitable host is
 * refused with DESTINATION_HOST_NOT_SUITABLE naming the reasons. Undecidable is not unsuitable (T32):
 * a destination the database cannot judge passes. Requests T1-T4 refuse, and destinations that are
 * no candidate at all (same host, another hypervisor), are left to the planner's own blockers.
 */
export class DestinationHostCheck {
  constructor(
    private readonly reader: MigrationTargetsReader,
    private readonly options: DestinationHostCheckOptions,
  ) {}

  /** `planned`: the snapshot the plan was made from; the VM's rows it holds are not read again. */
  async apply(plan: MigrationPlan, planned?: MigrationSnapshot): Promise<MigrationPlan> {
    const blocker = await this.blocker(plan, planned);
    return blocker === null ? plan : { ...plan, blockers: [...plan.blockers, blocker], commands: [] };
  }

  private async blocker(plan: MigrationPlan, planned?: MigrationSnapshot): Promise<MigrationBlocker | null> {
    if (!this.options.refuseUnsuitable) return null;
    const hostId = plan.destinationHostId;
    const snapshot = await this.reader.forVm({ id: plan.vmId }, { ids: [hostId] }, planned);
    if (snapshot === null) return null;
    const outcome = findMigrationTargets(snapshot, this.options.policy, { hostIds: new Set([hostId]) });
    const target = outcome.kind === 'ANSWER' ? outcome.answer.hosts.find((h) => h.host.id === hostId) : undefined;
    if (target === undefined || target.suitable !== false) return null;
    const stateBlocked = plan.blockers.some((b) => b.code === MigrationBlockerCode.DestinationHostNotUp);
    const reasons = target.reasons.filter((r) => !(stateBlocked && HOST_STATE_REASONS.has(r.code)));
    if (reasons.length === 0) return null;
    return {
      code: MigrationBlockerCode.DestinationHostNotSuitable,
      message: `Destination host ${target.host.name} is not a suitable migration target for this VM: ${reasons.map((r) => `${r.code}: ${r.message}`).join(' ')}`,
    };
  }
}
