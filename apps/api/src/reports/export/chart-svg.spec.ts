import { describe, expect, it } from '@jest/globals';
import { CHART_FONT_FAMILY, groupedBarChartSvg } from './chart-svg.ts';

describe('chart svg', () => {
  it('renders a grouped bar chart on the server, with Japanese text and the font family', () => {
    const svg = groupedBarChartSvg({
      title: '取組状況（28年度・27年度）',
      categories: ['(ア)', '(イ)', '(ウ)'],
      series: [
        { name: '28年度', values: [100, 88.7, 77.4] },
        { name: '27年度', values: [100, null, 62.3] },
      ],
      valueAxisLabel: '全体の%',
      valueAxisMax: 100,
      barLabel: (v) => v.toFixed(1),
      width: 800,
      height: 500,
    });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('width="800"');
    expect(svg).toContain('取組状況（28年度・27年度）');
    expect(svg).toContain('28年度');
    expect(svg).toContain('(ウ)');
    expect(svg).toContain('88.7');
    expect(svg).toContain('Noto Sans CJK JP');
    expect(CHART_FONT_FAMILY).toContain('sans-serif');
    // one bar per figure: 5 values, one of them missing
    expect(svg.match(/<path d="M[^"]*" fill="[^"]*"[^>]*>/g)?.length ?? 0).toBeGreaterThanOrEqual(5);
  });

  it('refuses a single series or a series of the wrong length', () => {
    expect(() =>
      groupedBarChartSvg({ title: 't', categories: ['a'], series: [{ name: 'x', values: [1] }] }),
    ).toThrow(RangeError);
    expect(() =>
      groupedBarChartSvg({
        title: 't',
        categories: ['a', 'b'],
        series: [
          { name: 'x', values: [1] },
          { name: 'y', values: [1, 2] },
        ],
      }),
    ).toThrow(/2 categories/);
  });
});
