/**
 * Tags compare as MySQL compares them in CloudStack's SQL (`tag = ?`, `tag IN (...)` on
 * utf8mb3_general_ci columns): case-insensitive and blind to trailing spaces (cloudstack-schema.md §7).
 */
export function sameTag(a: string, b: string): boolean {
  return normalise(a) === normalise(b);
}

/** A comma-separated tag list (offering tags), without empty items. */
export function splitTags(list: string | null | undefined): string[] {
  if (list === null || list === undefined) return [];
  return list
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

function normalise(tag: string): string {
  return tag.replace(/ +$/, '').toLowerCase();
}
