import { describe, expect, it } from 'vitest';
import { OperationLabels } from '../../../../src/infra/metrics/operation-labels';

describe(OperationLabels.name, () => {
  it('labels unresolved requests and anonymous operations with fixed values', () => {
    const labels = new OperationLabels();
    expect(labels.labelFor(null, 'a')).toBe('unresolved');
    expect(labels.labelFor('', 'a')).toBe('anonymous');
  });

  it("admits a caller's new names up to its share, then answers other for that caller only", () => {
    const labels = new OperationLabels(10, 3);
    expect(['A1', 'A2', 'A3', 'A4'].map((n) => labels.labelFor(n, 'alice'))).toEqual(['A1', 'A2', 'A3', 'other']);
    expect(labels.labelFor('B1', 'bob')).toBe('B1');
    // An admitted name is everyone's label, and costs nobody's share again.
    expect(labels.labelFor('A1', 'bob')).toBe('A1');
    expect(labels.labelFor('A2', 'alice')).toBe('A2');
  });

  it('stops at the process cap, keeping every admitted name', () => {
    const labels = new OperationLabels(4, 2);
    for (const caller of ['a', 'b']) for (const i of [1, 2]) labels.labelFor(`${caller}${i}`, caller);
    expect(labels.labelFor('c1', 'c')).toBe('other');
    expect(['a1', 'a2', 'b1', 'b2'].map((n) => labels.labelFor(n, 'c'))).toEqual(['a1', 'a2', 'b1', 'b2']);
  });

  it('answers other for a name unfit for a label or without a known caller', () => {
    const labels = new OperationLabels();
    expect(labels.labelFor('x'.repeat(65), 'a')).toBe('other');
    expect(labels.labelFor('Fine', undefined)).toBe('other');
  });
});
