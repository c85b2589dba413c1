// The Dashboard tab: the selected endpoint's engine metrics every few seconds (watched by the host while the tab is
// shown), charted, with the latest numbers as text beside the chart.
import type { HostMessage } from '../src/messages/playgroundMessages.js';
import { h, show } from './dom.js';
import { endpointKeyFor, type Panel } from './state.js';
import { telemetryRows } from './telemetryFormat.js';
import { createTimeChart } from './timeChart.js';

type Telemetry = Extract<HostMessage, { type: 'telemetry' }>;

export interface DashboardTab {
  element: HTMLElement;
  /** The tab was shown (start watching the current endpoint) or hidden (stop). */
  setVisible(visible: boolean): void;
  /** The endpoint changed while the tab is shown: watch the new one. */
  retarget(): void;
  telemetry(message: Telemetry): void;
}

export function createDashboardTab({ state, send }: Panel, flash: (level: 'info' | 'error', message: string) => void): DashboardTab {
  const chart = createTimeChart('dashChart', [
    { label: 'running', scale: 'count', color: '#cca700' },
    { label: 'waiting', scale: 'count', color: '#f14c4c' },
    { label: 'KV cache %', scale: 'count', color: '#b180d7', dash: true },
    { label: 'engine TTFT p50 (ms)', scale: 'ms', color: '#89d185' },
    { label: 'engine TTFT p90 (ms)', scale: 'ms', color: '#3794ff', dash: true },
  ], 260);
  const title = h('h3', { id: 'dashTitle' }, 'Engine');
  const numbers = h('dl', { id: 'dashNumbers', class: 'numbers' });
  const status = h('div', { id: 'dashStatus', class: 'muted' }, 'Pick an endpoint: its metrics are scraped every 2 s while this tab is shown.');
  const errorBox = h('div', { id: 'dashError', class: 'error', role: 'alert' });
  const element = h('section', { id: 'dashboardMode', class: 'mode' }, title, status, errorBox, h('div', { class: 'dashboard' }, chart.element, numbers));
  let watching: string | undefined;
  show(errorBox, false);

  function start(): void {
    const baseUrl = state.baseUrl.trim();
    if (!/^https?:\/\/\S+$/.test(baseUrl)) {
      flash('error', 'Enter the endpoint\'s base URL, e.g. http://host:8000/v1');
      return;
    }
    const key = endpointKeyFor(state);
    if (watching === key) return;
    watching = key;
    chart.reset();
    numbers.replaceChildren();
    title.textContent = `Engine · ${key.replace(/^custom:/, '').replace(/^cluster:[^/]*\//, '')}`;
    status.textContent = 'scraping…';
    send({ type: 'dashboardWatch', target: { endpointKey: key, baseUrl, model: state.model.trim(), timeoutMs: Math.round(state.timeoutSeconds * 1000) } });
  }

  function stop(): void {
    if (!watching) return;
    watching = undefined;
    send({ type: 'dashboardStop' });
  }

  return {
    element,
    setVisible: (visible) => (visible ? start() : stop()),
    retarget() {
      if (!watching) return;
      watching = undefined;
      start();
    },
    telemetry(message) {
      if (message.source !== 'dashboard' || message.endpointKey !== watching) return;
      const s = message.sample;
      status.textContent = `${s.engine ?? 'engine'} · updated ${new Date(s.at).toLocaleTimeString()}`;
      if (s.error) {
        errorBox.textContent = `Cannot read the engine's metrics: ${s.error}`;
        show(errorBox, true);
        return;
      }
      show(errorBox, false);
      chart.push(s.at, [s.running, s.waiting, s.kvCacheUsage === undefined ? undefined : s.kvCacheUsage * 100, s.ttftMs?.p50, s.ttftMs?.p90]);
      numbers.replaceChildren(...telemetryRows(s).flatMap((row) => [h('dt', {}, row.label), h('dd', { id: `dash${row.key}` }, row.text)]));
    },
  };
}
