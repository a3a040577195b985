import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LoneAnonymousOperationRule, parse, specifiedRules, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { SETTINGS } from '../../../src/config/gateway-config';
import { buildGatewaySchema } from '../../../src/graphql/schema';

const README = readFileSync(resolve(__dirname, '../../../README.md'), 'utf8');

describe('README.md', () => {
  it('documents every configuration variable the gateway accepts', () => {
    const undocumented = Object.keys(SETTINGS).filter((name) => !README.includes(`| \`${name}\` |`));
    expect(undocumented).toEqual([]);
  });

  it('shows GraphQL examples that validate against the schema', async () => {
    const schema = await buildGatewaySchema();
    const examples = [...README.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(examples.length).toBeGreaterThanOrEqual(3);
    // One block may show a query and a mutation side by side.
    const rules = specifiedRules.filter((rule) => rule !== LoneAnonymousOperationRule);
    for (const example of examples) expect(validate(schema, parse(example), rules).map(String), example).toEqual([]);
  });

  it('shows the run and test commands', () => {
    expect(README).toContain('npm install && npm start');
    expect(README).toContain('bash .ci/run');
    expect(README).toContain('npm test');
  });
});
