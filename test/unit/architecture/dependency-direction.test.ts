import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every module a file imports: relative paths resolved against src/, packages by name. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
  return specifiers.map((s) => (s.startsWith('.') ? relative(SRC, resolve(join(file, '..'), s)) : s));
}

function violations(layer: string, allowed: (target: string) => boolean): string[] {
  return sourceFiles(join(SRC, layer)).flatMap((file) =>
    importsOf(file)
      .filter((target) => !allowed(target))
      .map((target) => `${relative(SRC, file)} -> ${target}`),
  );
}

const inLayer = (target: string, ...layers: string[]) => layers.some((l) => target === l || target.startsWith(`${l}/`));

describe('dependency direction (domain <- app <- {infra, graphql} <- server <- composition)', () => {
  it('reads the imports it checks (relative paths resolved to layers)', () => {
    // Guards the checks below against passing vacuously: the GraphQL layer does reach app ports.
    expect(violations('graphql', (t) => !inLayer(t, 'app')).length).toBeGreaterThan(0);
  });

  it('keeps the domain free of I/O, frameworks and outer layers', () => {
    expect(violations('domain', (t) => inLayer(t, 'domain'))).toEqual([]);
  });

  it('lets the application layer use only the domain, its own ports and node:crypto', () => {
    expect(violations('app', (t) => inLayer(t, 'domain', 'app') || t === 'node:crypto')).toEqual([]);
  });

  it('keeps the GraphQL layer off the ORM, the database drivers and every adapter (it reaches them through app ports)', () => {
    const forbidden = (t: string) => t === 'typeorm' || t.startsWith('typeorm/') || t === 'mysql2' || t === 'better-sqlite3' || inLayer(t, 'infra');
    expect(violations('graphql', (t) => !forbidden(t))).toEqual([]);
  });

  it('keeps the infrastructure independent of the GraphQL layer', () => {
    expect(violations('infra', (t) => !inLayer(t, 'graphql', 'server', 'composition'))).toEqual([]);
  });

  it('keeps the composition root (main, gateway, the CLIs) the only place that wires everything: nothing imports it', () => {
    const layers = ['domain', 'app', 'infra', 'graphql'];
    expect(layers.flatMap((layer) => violations(layer, (t) => !inLayer(t, 'composition')))).toEqual([]);
  });
});
