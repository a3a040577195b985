import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTINGS } from '../../../src/config/gateway-config';

const README = readFileSync(resolve(__dirname, '../../../README.md'), 'utf8');

describe('README.md', () => {
  it('documents every configuration variable the gateway accepts', () => {
    const undocumented = Object.keys(SETTINGS).filter((name) => !README.includes(`| \`${name}\` |`));
    expect(undocumented).toEqual([]);
  });

  it('shows the run and test commands', () => {
    expect(README).toContain('npm install && npm start');
    expect(README).toContain('bash .ci/run');
    expect(README).toContain('npm test');
  });
});
