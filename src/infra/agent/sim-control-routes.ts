import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseFaultSpec } from './fault-script';
import type { PowerState } from './fleet-model';
import { HttpRequestError, readJsonBody, sendJson, sendNoContent } from './http-json';
import type { KvmFleetSimulator } from './kvm-fleet-simulator';

const POWER_STATES: ReadonlyArray<PowerState | null> = ['PowerOn', 'PowerOff', 'Unknown', null];

/**
 * Test-control endpoints of the agent server, under `/_sim/` (JSON in and out):
 * - `POST /_sim/faults` a FaultSpec or a list of them; `GET` lists the pending ones; `DELETE` clears them
 * - `POST /_sim/power-state` `{hostId, instanceName, state}` (state null removes the override)
 * - `POST /_sim/host-reachability` `{hostId, reachable}`
 * - `GET /_sim/log` `{entries}`; `DELETE /_sim/log`
 * - `GET /_sim/state` the fleet snapshot
 * - `POST /_sim/inventory` records `{hosts, pools, imageStores, vms, volumes, templatePoolRefs,
 *   templateStoreRefs, templates}`; answers the new fleet snapshot
 */
export async function handleSimControl(simulator: KvmFleetSimulator, req: IncomingMessage, res: ServerResponse, route: string): Promise<void> {
  switch (`${req.method} ${route}`) {
    case 'POST faults': {
      const body = await readJsonBody(req);
      const specs = (Array.isArray(body) ? body : [body]).map((spec) => parseFaultSpec(spec));
      for (const spec of specs) simulator.injectFault(spec);
      return sendJson(res, 200, { pending: simulator.pendingFaults() });
    }
    case 'GET faults':
      return sendJson(res, 200, { pending: simulator.pendingFaults() });
    case 'DELETE faults':
      simulator.clearFaults();
      return sendNoContent(res);
    case 'POST power-state': {
      const body = objectBody(await readJsonBody(req));
      if (!POWER_STATES.includes(body.state as PowerState | null)) throw new Error('state must be PowerOn, PowerOff, Unknown or null');
      simulator.setPowerState(integer(body.hostId, 'hostId'), text(body.instanceName, 'instanceName'), body.state as PowerState | null);
      return sendNoContent(res);
    }
    case 'POST host-reachability': {
      const body = objectBody(await readJsonBody(req));
      if (typeof body.reachable !== 'boolean') throw new Error('reachable must be a boolean');
      simulator.setHostReachable(integer(body.hostId, 'hostId'), body.reachable);
      return sendNoContent(res);
    }
    case 'GET log':
      return sendJson(res, 200, { entries: simulator.commandLog() });
    case 'DELETE log':
      simulator.clearLog();
      return sendNoContent(res);
    case 'GET state':
      return sendJson(res, 200, simulator.state());
    case 'POST inventory': {
      const body = objectBody(await readJsonBody(req));
      for (const [key, value] of Object.entries(body)) if (!Array.isArray(value)) throw new Error(`${key} must be a list of records`);
      simulator.loadInventory(body);
      return sendJson(res, 200, simulator.state());
    }
    default:
      throw new HttpRequestError(404, `no control endpoint ${req.method} /_sim/${route}`);
  }
}

function objectBody(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('body must be a JSON object');
  return value as Record<string, unknown>;
}

function integer(value: unknown, name: string): number {
  if (!Number.isInteger(value)) throw new Error(`${name} must be an integer`);
  return value as number;
}

function text(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new Error(`${name} must be a string`);
  return value;
}
