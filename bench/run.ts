import 'reflect-metadata';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname } from 'node:path';
import { type BenchConfig, FULL, SMOKE } from './config';
import { buildBenchInventory } from './data/bench-inventory';
import { loadInventory } from './data/load-inventory';
import { runMigrationBenchmark } from './migration/migration-benchmark';
import { measureLayerCosts } from './profile/layer-costs';
import { runReadBenchmark } from './read/read-benchmark';
import { renderTargets } from './report/targets-report';
import { runTargetsBenchmark } from './targets/targets-benchmark';
import { type BenchResults, evaluateChecks, renderReadReport, renderReport } from './report/report';
import { createBenchApiKey } from './support/api-key';
import { DatabaseCpu, describeMachine } from './support/machine';

/**
 * `npm run bench` / `npm run bench:smoke`: load the inventory into its own MariaDB database, run
 * the read and migration benchmarks, print the tables, write the results JSON and (full run only)
 * the latest tables into bench/README.md. Exits non-zero when a run fails (never on slow numbers).
 */
const README = 'bench/README.md';
const BEGIN = '<!-- bench:latest:begin -->';
const END = '<!-- bench:latest:end -->';
/** The whole run must end by then, whatever happens (the loops have their own bounds too). */
const HARD_LIMIT_MS = 20 * 60_000;

async function main(): Promise<void> {
  const config: BenchConfig = process.argv.includes('--smoke') ? SMOKE : FULL;
  if (new URL(config.serverUrl).hostname !== '127.0.0.1') throw new Error(`benchmarks run against 127.0.0.1 only, got ${config.serverUrl}`);
  const started = performance.now();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(`bench (${config.mode}): preparing ${config.database}`);

  const machine = await describeMachine(config.serverUrl);
  const inventory = buildBenchInventory(config.scale);
  const loaded = await loadInventory(config.serverUrl, config.database, inventory);
  log(
    `  loaded ${Object.values(inventory.counts)
      .reduce((a, b) => a + b, 0)
      .toLocaleString('en-US')} rows in ${loaded.seconds.toFixed(1)} s`,
  );

  const headers = { authorization: `Bearer ${await createBenchApiKey(loaded.url, inventory.adminAccountUuid)}` };
  if (process.argv.includes('--targets-only')) {
    log('migration targets');
    const targets = await runTargetsBenchmark(config, loaded.url, headers, inventory, log);
    process.stdout.write(`\n${renderTargets(targets)}\n`);
    const file = config.resultsFile.replace(/\.json$/, '-targets.json');
    writeFileSync(file, `${JSON.stringify({ generatedAt: new Date().toISOString(), mode: config.mode, machine, loadAverage: loadavg(), targets }, null, 2)}\n`);
    log(`\nresults: ${file}`);
    return;
  }

  const loadBefore = loadavg();
  log('read path');
  const read = await runReadBenchmark(config, loaded.url, headers, inventory.listVmUuid, DatabaseCpu.find(), log);
  const largestPage = Math.max(...config.read.pageSizes);
  log(`layers of one page-${largestPage} request, in-process`);
  const layers = await measureLayerCosts(loaded.url, largestPage, null, config.read.layerIterations);
  if (process.argv.includes('--read-only')) {
    // The read path alone (~4 min at full scale): for measuring a read-path change; the README keeps the last full run.
    const readOnly = {
      generatedAt: new Date().toISOString(),
      mode: config.mode,
      machine,
      read,
      layers,
      checks: evaluateChecks(read),
      loadAverage: { before: loadBefore, after: loadavg() },
    };
    process.stdout.write(`\n${renderReadReport(readOnly)}\n`);
    const file = config.resultsFile.replace(/\.json$/, '-read.json');
    writeFileSync(file, `${JSON.stringify(readOnly, null, 2)}\n`);
    log(`\nresults: ${file}`);
    return;
  }
  log('migration path');
  const migration = await runMigrationBenchmark(config, loaded.url, headers, inventory, log);
  log('migration targets');
  const targets = await runTargetsBenchmark(config, loaded.url, headers, inventory, log);

  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    mode: config.mode,
    machine,
    data: { database: config.database, rows: inventory.counts, loadSeconds: loaded.seconds },
    read,
    layers,
    checks: evaluateChecks(read),
    migration,
    targets,
    loadAverage: { before: loadBefore, after: loadavg() },
    totalSeconds: (performance.now() - started) / 1000,
  };
  const report = renderReport(results);
  process.stdout.write(`\n${report}\n`);
  mkdirSync(dirname(config.resultsFile), { recursive: true });
  writeFileSync(config.resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  log(`\nresults: ${config.resultsFile}`);
  if (config.writeReadme) {
    const readme = readFileSync(README, 'utf8');
    const begin = readme.indexOf(BEGIN);
    const end = readme.indexOf(END);
    if (begin < 0 || end < begin) throw new Error(`${README} has no ${BEGIN} ... ${END} block`);
    writeFileSync(README, `${readme.slice(0, begin + BEGIN.length)}\n${report}\n${readme.slice(end)}`);
    log(`tables written to ${README}`);
  }
  const failedMigrations = migration.endToEnd.reduce((n, e) => n + e.failed, 0);
  if (failedMigrations) throw new Error(`${failedMigrations} migrations failed`);
}

const guard = setTimeout(() => {
  process.stderr.write(`bench: still running after ${HARD_LIMIT_MS / 60_000} minutes, giving up\n`);
  process.exit(1);
}, HARD_LIMIT_MS);
guard.unref();

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
