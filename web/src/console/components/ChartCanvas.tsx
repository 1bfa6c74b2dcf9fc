import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/lib/core';
import { CHART_COLORS, type ChartProps } from './Chart.tsx';

// Only what the console draws, so the bundle carries bar charts and not all of ECharts.
echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

// ECharts measures text on a canvas, where 'inherit' means nothing: name the fonts the page uses.
const FONT_FAMILY = "Inter, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', 'Liberation Sans', sans-serif";

/** The ECharts drawing behind `Chart`, in a chunk of its own. */
export default function ChartCanvas({ option, summary, height = 280 }: ChartProps) {
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
