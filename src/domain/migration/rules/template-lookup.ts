import type { TemplateRecord } from '../../inventory/records';

export type TemplateRows = ReadonlyMap<number, TemplateRecord>;

/**
 * R35: the volume-object lookup reads removed rows too. A NULL template id means no lookup at all
 * (not even `get`), which the tests observe.
 */
export function findTemplateIncludingRemoved(templates: TemplateRows, templateId: number | null): TemplateRecord | null {
  if (templateId === null) return null;
  return templates.get(templateId) ?? null;
}

/** R11/R14: CloudStack's plain `findById` adds `removed IS NULL`. */
export function findActiveTemplate(templates: TemplateRows, templateId: number | null): TemplateRecord | null {
  const template = findTemplateIncludingRemoved(templates, templateId);
  return template !== null && template.removed === null ? template : null;
}
