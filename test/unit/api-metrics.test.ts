// The hand-written Prometheus text format: families, labels escaped, histograms cumulative with +Inf.
import { Exposition } from '../../src/api/routes/metrics';

describe('Exposition', () => {
  it('writes HELP/TYPE and samples with escaped labels', () => {
    const text = new Exposition()
      .family('qbfx_x', 'gauge', 'A help\nline with \\', [{ value: 1 }, { labels: { tenant: 'a"b\\c\nd' }, value: 2.5 }])
      .toString();
    expect(text).toBe(
      '# HELP qbfx_x A help\\nline with \\\\\n# TYPE qbfx_x gauge\nqbfx_x 1\nqbfx_x{tenant="a\\"b\\\\c\\nd"} 2.5\n',
    );
  });

  it('writes special values as Prometheus spells them', () => {
    const text = new Exposition().family('m', 'gauge', 'h', [{ value: NaN }, { value: Infinity }, { value: -Infinity }]).toString();
    expect(text.split('\n').slice(2, 5)).toEqual(['m NaN', 'm +Inf', 'm -Inf']);
  });

  it('writes a histogram: buckets, +Inf = count, sum and count', () => {
    const text = new Exposition().histogram('lat_seconds', 'Latency', [1, 5], [2, 3], 7.5, 4, { shop: 's' }).toString();
    expect(text).toContain('# TYPE lat_seconds histogram');
    expect(text).toContain('lat_seconds_bucket{shop="s",le="1"} 2');
    expect(text).toContain('lat_seconds_bucket{shop="s",le="5"} 3');
    expect(text).toContain('lat_seconds_bucket{shop="s",le="+Inf"} 4');
    expect(text).toContain('lat_seconds_sum{shop="s"} 7.5');
    expect(text).toContain('lat_seconds_count{shop="s"} 4');
  });
});
