// A live time-series chart (uPlot): seconds on the x axis, milliseconds on the left axis and counts / percent on the
// right. The ONLY module that knows about uPlot. Points are pushed as they come; a value a row lacks is a gap that the
// line spans. uPlot styles its elements through the CSSOM, which the webview's CSP allows (no inline style attributes).
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { h } from './dom.js';

export interface SeriesSpec {
  label: string;
  /** `ms`: left axis; `count`: right axis (requests, percent). */
  scale: 'ms' | 'count';
  color: string;
  dash?: boolean;
}

export interface TimeChart {
  element: HTMLElement;
  /** One row: the time (epoch ms) and a value per series (undefined: none at this time). */
  push(at: number, values: ReadonlyArray<number | undefined>): void;
  reset(): void;
}

const MAX_POINTS = 900;

function themeColor(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

export function createTimeChart(id: string, series: readonly SeriesSpec[], height = 220): TimeChart {
  const element = h('div', { id, class: 'chart', 'data-points': '0' });
  let origin: number | undefined;
  let data: Array<Array<number | null>> = [[], ...series.map(() => [])];
  let plot: uPlot | undefined;
  const width = () => Math.max(320, Math.min(element.clientWidth || 720, 1200));

  function make(): uPlot {
    const axisColor = themeColor('--vscode-foreground', '#888');
    const gridColor = themeColor('--vscode-panel-border', '#8884');
    const axis = (scale: string, side: 1 | 3, label: string): uPlot.Axis => ({ scale, side, label, stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor } });
    return new uPlot({
      width: width(),
      height,
      scales: { x: { time: false }, ms: { auto: true }, count: { auto: true } },
      series: [{ label: 's' }, ...series.map((s) => ({ label: s.label, scale: s.scale, stroke: s.color, width: 2, spanGaps: true, dash: s.dash ? [6, 4] : undefined, points: { show: false } }))],
      axes: [
        { stroke: axisColor, grid: { stroke: gridColor, width: 1 }, label: 'seconds', values: (_u, ticks) => ticks.map((t) => `${Math.round(t)}`) },
        axis('ms', 3, 'ms'),
        axis('count', 1, 'requests · %'),
      ],
      legend: { show: true },
    }, data as uPlot.AlignedData, element);
  }

  new ResizeObserver(() => {
    if (plot && element.clientWidth > 0 && Math.abs(plot.width - width()) > 4) plot.setSize({ width: width(), height });
  }).observe(element);

  return {
    element,
    push(at, values) {
      origin ??= at;
      data[0].push((at - origin) / 1000);
      series.forEach((_, i) => data[i + 1].push(values[i] ?? null));
      if (data[0].length > MAX_POINTS) data = data.map((column) => column.slice(-MAX_POINTS));
      element.dataset.points = String(data[0].length);
      plot ??= make();
      plot.setData(data as uPlot.AlignedData);
    },
    reset() {
      origin = undefined;
      data = [[], ...series.map(() => [])];
      element.dataset.points = '0';
      plot?.setData(data as uPlot.AlignedData);
    },
  };
}
