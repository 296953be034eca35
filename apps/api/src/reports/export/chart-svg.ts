import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

export const CHART_FONT_FAMILY = '"Noto Sans CJK JP", sans-serif';

export interface BarSeries {
  readonly name: string;
  /** One value per category; null draws no bar (no figure). */
  readonly values: readonly (number | null)[];
}

export interface GroupedBarChart {
  readonly title: string;
  readonly subtitle?: string;
  readonly categories: readonly string[];
  /** Two or more series, drawn side by side in each category, in this order. */
  readonly series: readonly BarSeries[];
  readonly categoryAxisLabel?: string;
  readonly valueAxisLabel?: string;
  /** The value axis' range, e.g. 0–100 for shares in percent. */
  readonly valueAxisMax?: number;
  /** How a bar's label reads (default: the value as it is); null: no labels on the bars. */
  readonly barLabel?: ((value: number) => string) | null;
  readonly width?: number;
  readonly height?: number;
}

/** A grouped bar chart as an SVG document, rendered on the server by Apache ECharts (no browser). */
export function groupedBarChartSvg(chart: GroupedBarChart): string {
  if (chart.series.length < 2) throw new RangeError('a grouped bar chart needs two or more series');
  for (const s of chart.series) {
    if (s.values.length !== chart.categories.length) {
      throw new RangeError(
        `series ${s.name} has ${s.values.length} values for ${chart.categories.length} categories`,
      );
    }
  }
  const width = chart.width ?? Math.max(640, 120 + chart.categories.length * 60);
  const height = chart.height ?? 480;
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  const label = chart.barLabel === undefined ? (v: number) => String(v) : chart.barLabel;
  try {
    instance.setOption({
      animation: false,
      textStyle: { fontFamily: CHART_FONT_FAMILY },
      title: { text: chart.title, subtext: chart.subtitle, left: 'center' },
      legend: { top: chart.subtitle ? 52 : 32 },
      grid: { left: 64, right: 24, top: chart.subtitle ? 96 : 76, bottom: 110, containLabel: false },
      xAxis: {
        type: 'category',
        data: [...chart.categories],
        name: chart.categoryAxisLabel,
        nameLocation: 'middle',
        nameGap: 88,
        axisLabel: { interval: 0, rotate: chart.categories.length > 8 ? 45 : 0, fontSize: 11 },
      },
      yAxis: {
        type: 'value',
        name: chart.valueAxisLabel,
        nameLocation: 'middle',
        nameGap: 44,
        min: 0,
        max: chart.valueAxisMax,
      },
      series: chart.series.map((s) => ({
        type: 'bar',
        name: s.name,
        data: s.values.map((v) => (v === null ? '-' : v)),
        label: label
          ? {
              show: true,
              position: 'top',
              fontSize: 9,
              formatter: (p: { value: unknown }) => (typeof p.value === 'number' ? label(p.value) : ''),
            }
          : { show: false },
      })),
    });
    return instance.renderToSVGString();
  } finally {
    instance.dispose();
  }
}
