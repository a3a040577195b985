import { describe, expect, it } from 'vitest';
import { assertAgentUrlTemplate, expandAgentUrl } from '../../../../src/infra/agent/agent-url';

const host = { id: 5, uuid: '8c1e-77', name: 'kvm 02', privateIpAddress: '10.1.1.12' };

describe(expandAgentUrl.name, () => {
  it('fills every placeholder of the template and drops a trailing slash', () => {
    expect(expandAgentUrl('http://{privateIp}:8251/v1/{hostId}/{hostUuid}/{hostName}/', host)).toBe('http://10.1.1.12:8251/v1/5/8c1e-77/kvm%2002');
  });

  it('brackets an IPv6 private address', () => {
    expect(expandAgentUrl('http://{privateIp}:8251/v1', { ...host, privateIpAddress: 'fd00::12' })).toBe('http://[fd00::12]:8251/v1');
  });

  it('refuses a template that needs the uuid of a host without one', () => {
    expect(() => expandAgentUrl('http://agent/{hostUuid}', { ...host, uuid: null })).toThrow('host 5 has no uuid');
  });
});

describe(assertAgentUrlTemplate.name, () => {
  it('accepts the default template', () => {
    expect(() => assertAgentUrlTemplate('http://{privateIp}:8251/v1')).not.toThrow();
  });

  it('rejects an unknown placeholder and a non-http URL', () => {
    expect(() => assertAgentUrlTemplate('http://{ip}:8251')).toThrow('unknown placeholders {ip}');
    expect(() => assertAgentUrlTemplate('ftp://{privateIp}/v1')).toThrow('is not http(s)');
  });
});
