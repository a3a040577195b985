import { describe, expect, it } from 'vitest';
import { MetricsRegistry } from '../../../../src/infra/metrics/prometheus-registry';

describe(MetricsRegistry.name, () => {
  it('renders counters with escaped label values', () => {
    const registry = new MetricsRegistry();
    registry.counter('c_total', 'A counter\nwith two lines.', ['name']).inc({ name: 'a"b\\c\nd' }, 2);
    expect(registry.render()).toBe('# HELP c_total A counter\\nwith two lines.\n# TYPE c_total counter\nc_total{name="a\\"b\\\\c\\nd"} 2\n');
  });

  it('renders histograms with cumulative buckets, +Inf, sum and count', () => {
    const registry = new MetricsRegistry();
    const h = registry.histogram('h_seconds', 'A histogram.', ['op'], [0.1, 1]);
    for (const v of [0.05, 0.5, 0.5, 3]) h.observe({ op: 'x' }, v);
    expect(
      registry
        .render()
        .split('\n')
        .filter((l) => !l.startsWith('#')),
    ).toEqual([
      'h_seconds_bucket{op="x",le="0.1"} 1',
      'h_seconds_bucket{op="x",le="1"} 3',
      'h_seconds_bucket{op="x",le="+Inf"} 4',
      'h_seconds_sum{op="x"} 4.05',
      'h_seconds_count{op="x"} 4',
      '',
    ]);
  });

  it('reads gauges when scraped and ignores non-finite observations', () => {
    const registry = new MetricsRegistry();
    let value = 1;
    registry.gauge('g', 'A gauge.', () => value);
    const h = registry.histogram('h', 'H.', [], [1]);
    h.observe({}, Number.NaN);
    value = 7;
    expect(registry.render()).toContain('\ng 7\n');
    expect(h.snapshot({})).toEqual({ count: 0, sum: 0 });
  });
});
