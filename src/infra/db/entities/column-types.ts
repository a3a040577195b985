import { Column, type ColumnOptions, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Column helpers shared by the CloudStack entities. CloudStack ids are BIGINT UNSIGNED;
 * they stay below 2^53 in practice, so they are carried as JS numbers (mysql2 returns
 * them as strings when bigNumberStrings is on, or numbers otherwise: normalise both).
 */
const toNumber = {
  to: (value: unknown) => value,
  from: (value: unknown) => (value === null || value === undefined ? value : Number(value)),
};

/** tinyint(1) flags come back as 0/1 from MySQL and SQLite alike. */
const toBoolean = {
  to: (value: unknown) => (value === null || value === undefined ? value : value ? 1 : 0),
  from: (value: unknown) => (value === null || value === undefined ? value : Boolean(Number(value))),
};

/** `id` assigned by the gateway (from `sequence`) or by a seed, never AUTO_INCREMENT from the ORM's view. */
export const IdColumn = () => PrimaryColumn({ type: 'bigint', transformer: toNumber });

/** `id` of AUTO_INCREMENT tables (refs, gateway tables); numbers because the DataSource turns bigNumberStrings off. */
export const AutoIdColumn = () => PrimaryGeneratedColumn({ type: 'bigint' });

export const BigIntColumn = (name: string, options: ColumnOptions = {}) => Column({ name, type: 'bigint', transformer: toNumber, ...options });

export const FlagColumn = (name: string, options: ColumnOptions = {}) => Column({ name, type: 'tinyint', transformer: toBoolean, ...options });

export const IntColumn = (name: string, options: ColumnOptions = {}) => Column({ name, type: 'int', transformer: toNumber, ...options });

export const TextColumn = (name: string, length = 255, options: ColumnOptions = {}) => Column({ name, type: 'varchar', length, ...options });

export const DateColumn = (name: string, options: ColumnOptions = {}) => Column({ name, type: 'datetime', ...options });
