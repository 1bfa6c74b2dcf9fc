import { lazy, Suspense } from 'react';
import type { EChartsCoreOption } from 'echarts/core';

export const CHART_COLORS = ['#2f5fd0', '#14a38b', '#e0922f', '#c2410c', '#7c3aed', '#64748b', '#0e7490', '#be185d'];

export interface ChartProps {
  option: EChartsCoreOption;
  summary: string;
  height?: number;
}

// ECharts is most of a dashboard's JavaScript: it loads after the page's figures, which come first.
const ChartCanvas = lazy(() => import('./ChartCanvas.tsx'));

/**
 * An ECharts chart. The drawing is hidden from screen readers; `summary` says in words what
 * it shows (and the page keeps the figures in a table or text next to it).
 */
export function Chart(props: ChartProps) {
  return (
    <Suspense fallback={<div role="img" aria-label={props.summary} className="chart" style={{ height: props.height ?? 280 }} />}>
      <ChartCanvas {...props} />
    </Suspense>
  );
}
