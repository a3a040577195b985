import { describe, expect, it } from 'vitest';
import { parseAgentRequest, parseAgentResponse } from '../../../../src/infra/agent/agent-wire';

describe(parseAgentResponse.name, () => {
  it('normalises an answer that leaves out details and body', () => {
    expect(parseAgentResponse({ answer: { name: 'MigrateAnswer', result: true } })).toEqual({
      name: 'MigrateAnswer',
      result: true,
      details: null,
      body: {},
    });
  });

  it('keeps the details and body of a failed answer', () => {
    expect(parseAgentResponse({ answer: { name: 'Answer', result: false, details: 'boom', body: { a: 1 } } })).toEqual({
      name: 'Answer',
      result: false,
      details: 'boom',
      body: { a: 1 },
    });
  });

  it('reads a null answer as no answer', () => {
    expect(parseAgentResponse({ answer: null })).toBeNull();
  });

  it.each([
    [[], 'response has no "answer" member'],
    [{}, 'response has no "answer" member'],
    [{ answer: 'ok' }, '"answer" is neither an object nor null'],
    [{ answer: { result: true } }, 'answer.name is not a string'],
    [{ answer: { name: 'Answer', result: 'false' } }, 'answer.result is not a boolean'],
    [{ answer: { name: 'Answer', result: false, details: 42 } }, 'answer.details is not a string'],
    [{ answer: { name: 'Answer', result: true, body: [1] } }, 'answer.body is not an object'],
  ])('rejects %j as outside the protocol', (value, reason) => {
    expect(() => parseAgentResponse(value)).toThrow(reason);
  });
});

describe(parseAgentRequest.name, () => {
  const request = {
    protocol: 1,
    seq: 3,
    jobId: 'job-1',
    host: { id: 2, uuid: null, name: 'kvm-02' },
    command: { name: 'MigrateCommand', wait: 60, executeInSequence: true, body: { vmName: 'i-2-10-VM' } },
  };

  it('accepts a request that follows the contract', () => {
    expect(parseAgentRequest(request)).toEqual(request);
  });

  it.each([
    [{ ...request, protocol: 2 }, 'unsupported protocol 2'],
    [{ ...request, seq: '3' }, 'seq is not an integer'],
    [{ ...request, host: { id: 2, name: 'kvm-02' } }, 'host.uuid is not a string or null'],
    [{ ...request, command: { ...request.command, body: null } }, 'command.body is not an object'],
    [{ ...request, command: { ...request.command, wait: -1 } }, 'command.wait is not a number of seconds'],
  ])('rejects %j', (value, reason) => {
    expect(() => parseAgentRequest(value)).toThrow(reason);
  });
});
