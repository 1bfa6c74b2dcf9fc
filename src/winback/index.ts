/** What other modules use from win-back: the metrics and their recompute, the segments and their entries. */
export { recomputeCustomerMetrics, refreshChangedCustomerMetrics, latestMetricRun, type MetricRun, type MetricRefresh } from './metrics/recompute-metrics.ts';
export { customerMetrics, type CustomerMetrics } from './metrics/customer-metrics.sql.ts';
export { getWinbackSettings, type WinbackSettings } from './metrics/winback-settings.ts';
export { fitBgNbd, probabilityAlive, expectedPurchases, medianTimeToNextPurchase, type BgNbdParams, type BgNbdFit } from './model/bg-nbd.ts';
/** The win-back process: segments start it per entry (process key `win-back`, or startWinback). */
export { startWinback, WINBACK_PROCESS, winbackBusinessKey } from './process/journeys.ts';
export { listReasons, setReasonState, releaseWaiting } from './process/reasons.ts';
export { correlateComebacks } from './process/came-back.ts';
export { evaluateSegments, type SegmentEvaluation } from './segments/evaluate-segments.ts';
export { startSegmentProcesses, segmentEntryBusinessKey } from './segments/start-processes.ts';
export { inWinbackControlGroup } from './segments/segments.sql.ts';
