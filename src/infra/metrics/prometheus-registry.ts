/**
 * A small Prometheus registry: counters, gauges and histograms with labels, rendered in the text
 * exposition format 0.0.4. Enough for the gateway's own metrics without a dependency.
 */

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

type Labels = Record<string, string>;

interface Metric {
  render(): string;
}

abstract class LabelledMetric<S> implements Metric {
  protected readonly series = new Map<string, { labels: Labels; state: S }>();

  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly type: 'counter' | 'gauge' | 'histogram',
    protected readonly labelNames: readonly string[],
  ) {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name)) throw new Error(`invalid metric name ${name}`);
  }

  protected seriesFor(labels: Labels, initial: () => S): S {
    const values = this.labelNames.map((n) => labels[n] ?? '');
    const key = values.join('\u0000');
    let entry = this.series.get(key);
    if (!entry) {
      entry = { labels: Object.fromEntries(this.labelNames.map((n, i) => [n, values[i]])), state: initial() };
      this.series.set(key, entry);
    }
    return entry.state;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} ${this.type}`];
    for (const { labels, state } of this.series.values()) lines.push(...this.sample(labels, state));
    return `${lines.join('\n')}\n`;
  }

  protected abstract sample(labels: Labels, state: S): string[];
}

export class Counter extends LabelledMetric<{ value: number }> {
  constructor(name: string, help: string, labelNames: readonly string[] = []) {
    super(name, help, 'counter', labelNames);
  }

  inc(labels: Labels = {}, by = 1): void {
    if (!(by >= 0)) return;
    this.seriesFor(labels, () => ({ value: 0 })).value += by;
  }

  get(labels: Labels = {}): number {
    return this.seriesFor(labels, () => ({ value: 0 })).value;
  }

  protected sample(labels: Labels, state: { value: number }): string[] {
    return [`${this.name}${formatLabels(labels)} ${formatNumber(state.value)}`];
  }
}

/** A gauge read when scraped. */
export class Gauge extends LabelledMetric<{ value: number }> {
  constructor(
    name: string,
    help: string,
    private readonly read: () => number,
  ) {
    super(name, help, 'gauge', []);
    this.seriesFor({}, () => ({ value: 0 }));
  }

  override render(): string {
    this.seriesFor({}, () => ({ value: 0 })).value = this.read();
    return super.render();
  }

  protected sample(labels: Labels, state: { value: number }): string[] {
    return [`${this.name}${formatLabels(labels)} ${formatNumber(state.value)}`];
  }
}

interface HistogramState {
  counts: number[];
  sum: number;
  count: number;
}

export class Histogram extends LabelledMetric<HistogramState> {
  constructor(
    name: string,
    help: string,
    labelNames: readonly string[],
    private readonly buckets: readonly number[],
  ) {
    super(name, help, 'histogram', labelNames);
  }

  observe(labels: Labels, value: number): void {
    if (!Number.isFinite(value)) return;
    const state = this.seriesFor(labels, () => ({ counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
    for (let i = 0; i < this.buckets.length; i += 1) if (value <= this.buckets[i]) state.counts[i] += 1;
    state.sum += value;
    state.count += 1;
  }

  /** Observations so far for these labels (tests, diagnostics). */
  snapshot(labels: Labels): { count: number; sum: number } {
    const state = this.seriesFor(labels, () => ({ counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
    return { count: state.count, sum: state.sum };
  }

  protected sample(labels: Labels, state: HistogramState): string[] {
    const lines = this.buckets.map((le, i) => `${this.name}_bucket${formatLabels({ ...labels, le: formatNumber(le) })} ${state.counts[i]}`);
    lines.push(`${this.name}_bucket${formatLabels({ ...labels, le: '+Inf' })} ${state.count}`);
    lines.push(`${this.name}_sum${formatLabels(labels)} ${formatNumber(state.sum)}`);
    lines.push(`${this.name}_count${formatLabels(labels)} ${state.count}`);
    return lines;
  }
}

export class MetricsRegistry {
  private readonly metrics: Metric[] = [];

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.add(new Counter(name, help, labelNames));
  }

  gauge(name: string, help: string, read: () => number): Gauge {
    return this.add(new Gauge(name, help, read));
  }

  histogram(name: string, help: string, labelNames: readonly string[], buckets: readonly number[]): Histogram {
    return this.add(
      new Histogram(
        name,
        help,
        labelNames,
        [...buckets].sort((a, b) => a - b),
      ),
    );
  }

  /** The text exposition of every metric. */
  render(): string {
    return this.metrics.map((m) => m.render()).join('');
  }

  private add<M extends Metric>(metric: M): M {
    this.metrics.push(metric);
    return metric;
  }
}

function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  return `{${entries.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}}`;
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function escapeHelp(help: string): string {
  return help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatNumber(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return Number.isNaN(value) ? 'NaN' : String(value);
}
