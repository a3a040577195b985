import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ApiKeyService } from '../../app/auth/api-key-service';
import type { ApiKeyRecord } from '../../app/auth/api-key-store';
import { roleOf } from '../../app/auth/viewer';
import { ConfigError, loadConfig } from '../../config/gateway-config';
import { DomainError } from '../../domain/errors';
import { TypeOrmApiKeyStore } from '../../infra/auth/typeorm-api-key-store';
import { createDataSource } from '../../infra/db/data-source.factory';

const USAGE = `API keys of the gateway (database: GATEWAY_DATABASE_URL).

  npm run apikey -- create --account <account uuid or name> [--name <label>] [--json]
  npm run apikey -- list [--active] [--json]
  npm run apikey -- revoke <key uuid>

A new key is printed once; only its SHA-256 and its first characters are stored.
`;

/** Exit codes: 0 done, 1 refused or failed, 2 usage error. */
async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      account: { type: 'string' },
      name: { type: 'string' },
      json: { type: 'boolean', default: false },
      active: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return command || values.help ? 0 : 2;
  }
  if (!['create', 'list', 'revoke'].includes(command)) return usage(`unknown command "${command}"`);
  if (command === 'create' && !values.account) return usage('create needs --account <account uuid or name>');
  if (command === 'revoke' && rest.length !== 1) return usage('revoke needs exactly one key uuid');

  const config = loadConfig();
  const dataSource = createDataSource({ database: config.database, createSchema: config.createSchema });
  await dataSource.initialize();
  try {
    if (await dataSource.showMigrations()) {
      process.stderr.write('The database has pending gateway migrations: run `npm run migration:run` (or start the gateway once) first.\n');
      return 1;
    }
    const keys = new ApiKeyService(new TypeOrmApiKeyStore(dataSource));
    if (command === 'create') {
      const created = await keys.create({ account: values.account as string, name: values.name });
      if (values.json) {
        process.stdout.write(`${JSON.stringify({ key: created.key, ...created.record, role: roleOf(created.owner) })}\n`);
      } else {
        process.stderr.write(
          `Created API key ${created.record.uuid} "${created.record.name}" for account ${created.owner.accountName} ` +
            `(${roleOf(created.owner)}, ${created.owner.accountUuid}).\nThe key is shown only now; store it:\n`,
        );
        process.stdout.write(`${created.key}\n`);
      }
      return 0;
    }
    if (command === 'list') {
      const records = await keys.list({ includeRevoked: !values.active });
      process.stdout.write(values.json ? `${JSON.stringify(records)}\n` : formatTable(records));
      return 0;
    }
    const outcome = await keys.revoke(rest[0]);
    if (outcome === 'not-found') {
      process.stderr.write(`No API key ${rest[0]}.\n`);
      return 1;
    }
    process.stdout.write(outcome === 'revoked' ? `Revoked ${rest[0]}.\n` : `${rest[0]} was already revoked.\n`);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

function usage(problem: string): number {
  process.stderr.write(`${problem}\n\n${USAGE}`);
  return 2;
}

function formatTable(records: ApiKeyRecord[]): string {
  if (records.length === 0) return 'No API keys.\n';
  const rows = records.map((r) => [
    r.uuid,
    `${r.keyPrefix}…`,
    r.accountName ?? String(r.accountId),
    r.createdAt.toISOString(),
    r.lastUsedAt?.toISOString() ?? '-',
    r.revokedAt ? `revoked ${r.revokedAt.toISOString()}` : 'active',
    r.name,
  ]);
  const header = ['UUID', 'PREFIX', 'ACCOUNT', 'CREATED', 'LAST USED', 'STATE', 'NAME'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof DomainError) process.stderr.write(`${error.message}\n`);
    else process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
