import type { ErrorInfo, HostMessage, Stats } from '../src/messages/playgroundMessages.js';
import { h, show } from './dom.js';

type Result = Extract<HostMessage, { type: 'result' }>;

/** Raw request / response, the error box, the metrics line and the repeat statistics. */
export class ExchangeView {
  readonly element: HTMLElement;
  private readonly metrics = h('div', { id: 'metrics', class: 'metrics' });
  private readonly errorBox = h('div', { id: 'error', class: 'error', role: 'alert' });
  private readonly stats = h('div', { id: 'stats', class: 'metrics' });
  private readonly rawRequest = h('pre', { id: 'rawRequest', class: 'raw' });
  private readonly rawResponse = h('pre', { id: 'rawResponse', class: 'raw' });

  constructor() {
    this.element = h('section', { class: 'exchange' },
      this.errorBox, this.metrics, this.stats,
      h('details', {}, h('summary', {}, 'Raw request'), this.rawRequest),
      h('details', {}, h('summary', {}, 'Raw response'), this.rawResponse),
    );
    this.clear();
  }

  clear(): void {
    show(this.errorBox, false);
    this.metrics.textContent = '';
    this.stats.textContent = '';
    this.rawRequest.textContent = '(no request yet)';
    this.rawResponse.textContent = '(no response yet)';
  }

  started(rawRequest: string, run: number, of: number): void {
    this.rawRequest.textContent = rawRequest;
    this.rawResponse.textContent = '(waiting…)';
    this.metrics.textContent = of > 1 ? `run ${run} of ${of}…` : 'sending…';
  }

  result(message: Result, extra: string[]): void {
    this.rawRequest.textContent = message.rawRequest;
    this.rawResponse.textContent = message.rawResponse ?? '(no HTTP response)';
    const parts = [message.status !== undefined ? `HTTP ${message.status}` : undefined, `${message.latencyMs} ms`, ...extra];
    if (message.of > 1) parts.unshift(`run ${message.run} of ${message.of}`);
    this.metrics.textContent = parts.filter(Boolean).join(' · ');
    if (message.error) this.showError(message.error);
    else show(this.errorBox, false);
  }

  showError(error: ErrorInfo): void {
    const list = error.fields.length ? h('ul', { class: 'fields' }, ...error.fields.map((f) => h('li', {}, h('code', {}, f.field), `: ${f.message}`))) : undefined;
    this.errorBox.replaceChildren(h('div', { class: 'error-message' }, error.message), list ?? '');
    show(this.errorBox, true);
  }

  showStats(stats: Stats): void {
    this.stats.textContent = stats.p50 === undefined
      ? `all ${stats.runs} runs failed`
      : `p50 ${Math.round(stats.p50)} ms · p95 ${Math.round(stats.p95!)} ms · min ${Math.round(stats.min!)} · max ${Math.round(stats.max!)} · ${stats.failures} failed of ${stats.runs}`;
  }
}
