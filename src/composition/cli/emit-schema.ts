import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { printSchema } from 'graphql';
import { buildGatewaySchema } from '../../graphql/schema';

/** Writes the code-first schema to schema/schema.graphql (checked in; a test fails on drift). */
export const SCHEMA_FILE = resolve(__dirname, '../../schema/schema.graphql');

async function main(): Promise<void> {
  const sdl = `${printSchema(await buildGatewaySchema())}\n`;
  writeFileSync(SCHEMA_FILE, sdl);
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}

void main();
