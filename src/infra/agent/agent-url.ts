import type { AgentHost } from '../../domain/agent/agent-command';

const PLACEHOLDER = /\{(hostId|hostUuid|privateIp|hostName)\}/g;

/**
 * The agent base URL of a host from the configured template (contract "Endpoint"): `{hostId}`,
 * `{hostUuid}`, `{privateIp}`, `{hostName}`. Uuid and name are percent-encoded (they may sit in a
 * path); the IP is not (it is the authority). Throws when the host lacks a value the template needs
 * or the result is not an http(s) URL.
 */
export function expandAgentUrl(template: string, host: AgentHost): string {
  const expanded = template.replace(PLACEHOLDER, (_match, name: string) => {
    switch (name) {
      case 'hostId':
        return String(host.id);
      case 'hostUuid':
        if (host.uuid === null) throw new Error(`host ${host.id} has no uuid for the agent URL template`);
        return encodeURIComponent(host.uuid);
      case 'privateIp':
        // An IPv6 literal must be bracketed to be a URL authority.
        return host.privateIpAddress.includes(':') ? `[${host.privateIpAddress}]` : host.privateIpAddress;
      default:
        return encodeURIComponent(host.name);
    }
  });
  const url = new URL(expanded);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`agent URL ${expanded} is not http(s)`);
  return expanded.replace(/\/+$/, '');
}

/** Start-up check of a template: it must give an http(s) URL for a typical host. Throws otherwise. */
export function assertAgentUrlTemplate(template: string): void {
  const unknown = template.match(/\{[^}]*\}/g)?.filter((p) => !p.match(PLACEHOLDER));
  if (unknown?.length) throw new Error(`agent URL template ${template} has unknown placeholders ${unknown.join(', ')}`);
  expandAgentUrl(template, { id: 1, uuid: 'a-b', name: 'kvm', privateIpAddress: '10.0.0.1' });
}
