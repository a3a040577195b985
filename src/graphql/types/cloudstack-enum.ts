import { registerEnumType } from 'type-graphql';

/**
 * GraphQL enums over CloudStack's stored strings, in SCREAMING_CASE (`NetworkFilesystem` ->
 * `NETWORK_FILESYSTEM`). CloudStack's sets can grow (plugins register pool types), so every enum
 * has `OTHER` for a stored value the gateway does not know; the raw value stays readable.
 */
export interface CloudStackEnum {
  /** GraphQL enum object: SCREAMING_CASE name -> SCREAMING_CASE value. */
  readonly graphql: Record<string, string>;
  /** Stored value -> GraphQL value (`OTHER` for an unknown one). */
  readonly toGraphQL: (stored: string | null | undefined) => string | null;
  /** GraphQL value -> stored value (a plain function, so it can be passed as a mapper). */
  readonly toStored: (value: string) => string;
}

function screamingCase(value: string): string {
  return value
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}

export function defineCloudStackEnum(name: string, storedValues: readonly string[], description: string): CloudStackEnum {
  const graphql: Record<string, string> = {};
  const toStoredMap = new Map<string, string>();
  for (const stored of storedValues) {
    const key = screamingCase(stored);
    graphql[key] = key;
    toStoredMap.set(key, stored);
  }
  graphql.OTHER = 'OTHER';
  const fromStored = new Map<string, string>();
  registerEnumType(graphql, { name, description });
  return {
    graphql,
    toGraphQL: (stored) => {
      if (stored === null || stored === undefined) return null;
      // Hot path (every enum field of every row): remember each stored spelling's answer.
      let value = fromStored.get(stored);
      if (value === undefined) {
        const key = screamingCase(stored);
        value = toStoredMap.has(key) ? key : 'OTHER';
        if (fromStored.size < 1000) fromStored.set(stored, value);
      }
      return value;
    },
    toStored: (value) => toStoredMap.get(value) ?? value,
  };
}
