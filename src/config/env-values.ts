/**
 * Reading one `GATEWAY_*` variable into a typed value. An empty value means "not set" (the
 * default applies); a bad value is a ConfigError naming the variable.
 */

export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

export function parseBoolean(env: Env, name: string, fallback: boolean): boolean {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (['true', '1', 'yes'].includes(value.toLowerCase())) return true;
  if (['false', '0', 'no'].includes(value.toLowerCase())) return false;
  throw new ConfigError(name, `must be true or false, got "${value}"`);
}

export function parseInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ConfigError(name, `must be an integer from ${min} to ${max}, got "${value}"`);
  }
  return Number(value);
}

export function parseChoice<T extends string>(env: Env, name: string, choices: readonly T[], fallback: T): T {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (!(choices as readonly string[]).includes(value)) {
    throw new ConfigError(name, `must be one of ${choices.join(', ')}, got "${value}"`);
  }
  return value as T;
}

/** A secret: absent, or at least `minLength` characters (a short one is a mistake, not a choice). */
export function parseSecret(env: Env, name: string, minLength: number): string | null {
  const value = env[name];
  if (value === undefined || value === '') return null;
  if (value.length < minLength || /\s/.test(value)) {
    throw new ConfigError(name, `must be at least ${minLength} characters without spaces (e.g. openssl rand -base64 32), got ${value.length}`);
  }
  return value;
}
