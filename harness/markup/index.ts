/**
 * Building HTML and SVG as text, for the report pages, the trends view, the soak page and the Allure attachments:
 * one escaping function and one line chart (with its compact sparkline form), so every page escapes the same way and
 * every chart looks the same.
 *
 * @example
 * import { escapeHtml } from '../markup/index.js';
 * const cell = `<td title="${escapeHtml(test.fullName)}">${escapeHtml(test.name)}</td>`;
 */
export { escapeHtml } from './escape-html.js';
export { formatFigure, renderLineChart, renderSparkline } from './line-chart.js';
export type { ChartAxis, ChartPoint, ChartSeries, LineChartOptions, SparklineOptions } from './line-chart.js';
