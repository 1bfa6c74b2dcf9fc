import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import ReactEChartsCore from 'echarts-for-react/lib/core';

// Only what the console draws, so the bundle carries bar charts and not all of ECharts.
echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

// ECharts measures text on a canvas, where 'inherit' means nothing: name the fonts the page uses.
const FONT_FAMILY = "Inter, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', 'Liberation Sans', sans-serif";

export const CHART_COLORS = ['#2f5fd0', '#14a38b', '#e0922f', '#c2410c', '#7c3aed', '#64748b', '#0e7490', '#be185d'];

/**
 * An ECharts chart. The drawing is hidden from screen readers; `summary` says in words what
 * it shows (and the page keeps the figures in a table or text next to it).
 */
export function Chart({ option, summary, height = 280 }: { option: EChartsCoreOption; summary: string; height?: number }) {
  return (
    <div role="img" aria-label={summary} className="chart">
      <ReactEChartsCore
        echarts={echarts}
        option={{ color: CHART_COLORS, textStyle: { fontFamily: FONT_FAMILY }, animationDuration: 300, ...option }}
        style={{ height, width: '100%' }}
        opts={{ renderer: 'svg' }}
        notMerge
      />
    </div>
  );
}
