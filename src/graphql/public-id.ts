import { BadUserInputError } from '../domain/errors';

/** CloudStack uuids (and the odd legacy id string): letters, digits, `-`, `_`, `.`, `:`; at most 255 characters. */
const PUBLIC_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,254}$/;

/** Validates a public id argument; malformed ids are BAD_USER_INPUT (an unknown but well-formed id is just `null`). */
export function parsePublicId(value: string, argument = 'id'): string {
  if (!PUBLIC_ID.test(value)) {
    throw new BadUserInputError(`"${argument}" is not a valid id: ${JSON.stringify(value.slice(0, 80))}`, { argument });
  }
  return value;
}
