/** Label values the gateway itself sets next to operation names. */
const FIXED_OPERATION_LABELS = {
  /** An operation without a name, in a document that validated. */
  anonymous: 'anonymous',
  /** No operation was resolved: refused before or during parsing and validation (401, 413, syntax, unknown field ...). */
  unresolved: 'unresolved',
  /** A name over the caps, or not fit for a label. */
  other: 'other',
} as const;

/** Distinct operation names per process; each name costs ~30 series (latency and statement histograms, status counters). */
const MAX_OPERATION_NAMES = 200;
/** Names one caller (account) may add to the set: a quarter of it, so no single client can fill it. */
export const MAX_OPERATION_NAMES_PER_CALLER = 50;
const LABEL_VALUE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * The operation label of a request, from a bounded set the server controls. Names come only from
 * documents that parsed and validated (the operation Apollo resolved, so a name the document does
 * not contain is never recorded). A new name is admitted while the process holds fewer than
 * MAX_OPERATION_NAMES and the caller who first sends it has added fewer than
 * MAX_OPERATION_NAMES_PER_CALLER; once admitted it is everyone's label. Beyond that, `other`.
 * A client inventing names therefore fills at most its own share, and every operation already
 * known keeps its label whatever that client does.
 */
export class OperationLabels {
  private readonly admitted = new Set<string>();
  private readonly addedBy = new Map<string, number>();

  constructor(
    private readonly maxNames = MAX_OPERATION_NAMES,
    private readonly maxNamesPerCaller = MAX_OPERATION_NAMES_PER_CALLER,
  ) {}

  /** `name`: null when no operation was resolved, '' for an anonymous one; `caller`: the account, when known. */
  labelFor(name: string | null, caller: string | undefined): string {
    if (name === null) return FIXED_OPERATION_LABELS.unresolved;
    if (name === '') return FIXED_OPERATION_LABELS.anonymous;
    if (this.admitted.has(name)) return name;
    if (!LABEL_VALUE.test(name) || caller === undefined || this.admitted.size >= this.maxNames) return FIXED_OPERATION_LABELS.other;
    const added = this.addedBy.get(caller) ?? 0;
    if (added >= this.maxNamesPerCaller) return FIXED_OPERATION_LABELS.other;
    this.addedBy.set(caller, added + 1);
    this.admitted.add(name);
    return name;
  }
}
