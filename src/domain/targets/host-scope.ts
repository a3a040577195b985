import type { TargetPolicy } from './targets-snapshot';
import { combine, SUITABLE, TargetReasonCode as Code, unsuitable, type Verdict } from './target-reason';
import type { TargetHost } from './target-records';

/**
 * T11: the allocator only picks `Up` + `Enabled` hosts in its plan's scope. The scope is
 * [uncertain]: the whole zone (`ZONE`, default) or the source cluster (`SOURCE_CLUSTER`).
 */
export function hostScopeVerdict(host: TargetHost, source: TargetHost, policy: TargetPolicy): Verdict {
  const checks: Verdict[] = [];
  if (host.status !== 'Up') checks.push(unsuitable(Code.HostNotUp, `Host ${host.name} is ${host.status}, not Up.`));
  if (host.resourceState !== 'Enabled') checks.push(resourceStateVerdict(host));
  if (policy.hostScope === 'SOURCE_CLUSTER' && host.clusterId !== source.clusterId) {
    checks.push(
      unsuitable(Code.OutsideSourceCluster, `Host ${host.name} is in another cluster than the VM's host ${source.name} (host scope SOURCE_CLUSTER).`),
    );
  }
  return checks.length ? combine(checks) : SUITABLE;
}

function resourceStateVerdict(host: TargetHost): Verdict {
  const state = host.resourceState;
  if (state === 'Disabled') return unsuitable(Code.HostDisabled, `Host ${host.name} is disabled for allocation.`);
  if (/maintenance/i.test(state)) return unsuitable(Code.HostInMaintenance, `Host ${host.name} is in maintenance (${state}).`);
  return unsuitable(Code.HostNotEnabled, `Host ${host.name} is ${state}, not Enabled.`);
}
