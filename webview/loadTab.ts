// The Load tab: a concurrency (or request-rate) sweep against the playground's endpoint (runBench on the host), with a progress bar,
// Cancel, a results table per level, the knee in one sentence, Save JSON, and a chart of the run.
import { DEFAULT_LOAD_SETTINGS, type LoadLevel, type LoadSettings } from '../src/messages/loadMessages.js';
import type { HostMessage } from '../src/messages/playgroundMessages.js';
import { button, dropdown, progressRing, textField } from './components.js';
import { h, show } from './dom.js';
import { num, str } from './formValues.js';
import { renderLevels } from './loadResults.js';
import { endpointKeyFor, type Panel } from './state.js';

type LoadMessage = Extract<HostMessage, { type: 'loadStarted' | 'loadProgress' | 'loadLevel' | 'loadDone' | 'imagesFolder' }>;

/** What the Load tab draws its run on (the chart panel); absent until charts are wired. */
export interface LoadChartSink {
  element: HTMLElement;
  start(at: number): void;
  progress(at: number, e2eP50?: number, ttftP50?: number): void;
  level(level: LoadLevel): void;
}

export interface LoadTab {
  element: HTMLElement;
  handle(message: LoadMessage): void;
  /** Whether a telemetry message belongs to the run in flight. */
  isCurrent(requestId: string): boolean;
}

/** "1, 2, 4,8" → [1, 2, 4, 8]; undefined when any part is not a level: a whole number 1–1024 of requests in flight, or a rate of up to 10,000 req/s. */
export function parseLevels(text: string, sweep: 'concurrency' | 'rate' = 'concurrency'): number[] | undefined {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  const levels = parts.map(Number);
  const ok = (l: number) => (sweep === 'rate' ? l > 0 && l <= 10_000 : Number.isInteger(l) && l >= 1 && l <= 1024);
  return levels.length && levels.length <= 16 && levels.every(ok) ? levels : undefined;
}

const DEFAULT_RATES = [1, 2, 4, 8];

export function createLoadTab({ state, save, send }: Panel, flash: (level: 'info' | 'error', message: string) => void, chart?: LoadChartSink): LoadTab {
  const s: LoadSettings = state.load = { ...DEFAULT_LOAD_SETTINGS, ...state.load, slo: { ...DEFAULT_LOAD_SETTINGS.slo, ...state.load?.slo } };
  let runningId: string | undefined;
  let lastId: string | undefined;
  const levels: LoadLevel[] = [];
  const set = (update: () => void) => { update(); save(); };
  const whole = (v: string) => { const x = num(v); return x === undefined ? undefined : Math.max(1, Math.trunc(x)); };

  const kind = dropdown('Requests', [
    { value: 'chat', label: 'Chat (streamed text)' },
    { value: 'caption', label: 'Caption (image + text, streamed)' },
    { value: 'edit', label: 'Image edit' },
  ], s.kind, (v) => set(() => { s.kind = v as LoadSettings['kind']; renderKind(); }), { id: 'loadKind' });
  const transport = dropdown('Edit transport', [
    { value: 'omni', label: 'vLLM-omni /v1/images/edits' },
    { value: 'chat', label: 'Chat completions (diffusion)' },
    { value: 'nunchaku', label: 'Nunchaku /edit-image' },
  ], s.transport, (v) => set(() => { s.transport = v as LoadSettings['transport']; }), { id: 'loadTransport' });
  const sweepOf = () => s.sweep ?? 'concurrency';
  const levelsOf = () => (sweepOf() === 'rate' ? (s.rates ?? DEFAULT_RATES) : s.concurrency);
  const sweep = dropdown('Sweep', [
    { value: 'concurrency', label: 'Concurrent requests' },
    { value: 'rate', label: 'Request rate (Poisson arrivals)' },
  ], sweepOf(), (v) => set(() => { s.sweep = v === 'rate' ? 'rate' : 'concurrency'; if (s.sweep === 'rate') s.rates ??= DEFAULT_RATES; concurrency.set(levelsOf().join(', ')); }), { id: 'loadSweep' });
  const concurrency = textField('Levels (requests in flight, or req/s)', levelsOf().join(', '), (v) => {
    const l = parseLevels(v, sweepOf());
    if (l) set(() => { if (sweepOf() === 'rate') s.rates = l; else s.concurrency = l; });
  }, { id: 'loadLevels', size: 16, placeholder: '1, 2, 4, 8' });
  const requests = textField('Requests per level', str(s.requestsPerLevel), (v) => set(() => { s.requestsPerLevel = whole(v); }), { id: 'loadRequests', size: 5 });
  const duration = textField('or seconds per level', str(s.durationSeconds), (v) => set(() => { s.durationSeconds = num(v); }), { id: 'loadDuration', size: 5 });
  const warmup = textField('Warm-up requests', String(s.warmup), (v) => set(() => { s.warmup = Math.max(0, Math.trunc(num(v) ?? 0)); }), { id: 'loadWarmup', size: 4 });
  const input = textField('Input tokens', str(s.inputTokens), (v) => set(() => { s.inputTokens = whole(v); }), { id: 'loadInputTokens', size: 6 });
  const output = textField('Output tokens', String(s.outputTokens), (v) => set(() => { s.outputTokens = whole(v) ?? 64; }), { id: 'loadOutputTokens', size: 6 });
  const folder = textField('Images folder', s.imagesDir ?? '', (v) => set(() => { s.imagesDir = v.trim() || undefined; }), { id: 'loadImagesDir', size: 30, placeholder: 'generated gradients' });
  const pickFolder = button('Pick folder…', () => send({ type: 'pickImagesFolder' }), { id: 'loadPickFolder', secondary: true });
  const folderRow = h('div', { class: 'row' }, folder.element, pickFolder);
  const slo = (key: keyof LoadSettings['slo'], label: string, id: string) =>
    textField(label, str(s.slo[key]), (v) => set(() => { const x = num(v); s.slo = { ...s.slo, [key]: x && x > 0 ? x : undefined }; }), { id, size: 6, placeholder: 'none' });
  const sloTtft = slo('ttftMs', 'SLO TTFT (ms)', 'sloTtft');
  const sloTpot = slo('tpotMs', 'SLO TPOT (ms)', 'sloTpot');
  const sloE2e = slo('e2eMs', 'SLO e2e (ms)', 'sloE2e');

  const runButton = button('Run load test', () => run(), { id: 'loadRun' });
  const cancelButton = button('Cancel', () => { if (runningId) send({ type: 'loadCancel', requestId: runningId }); }, { id: 'loadCancel', secondary: true });
  const saveButton = button('Save JSON…', () => { if (lastId) send({ type: 'loadSave', requestId: lastId }); }, { id: 'loadSave', secondary: true, title: 'The whole result (with latency histograms), as ies bench writes it' });
  const ring = progressRing('loadBusy');
  const bar = h('progress', { id: 'loadProgress', max: '1', value: '0' });
  const progressLabel = h('span', { id: 'loadProgressLabel', class: 'muted' });
  const progressRow = h('div', { class: 'row progress-row' }, bar, progressLabel);
  const table = h('table', { id: 'loadResults', class: 'results' });
  const knee = h('p', { id: 'loadKnee', class: 'knee' });
  const errorBox = h('div', { id: 'loadError', class: 'error', role: 'alert' });

  const element = h('section', { id: 'loadMode', class: 'mode' },
    h('div', { class: 'row' }, kind.element, transport.element, sweep.element, concurrency.element, requests.element, duration.element, warmup.element),
    h('div', { class: 'row' }, input.element, output.element, sloTtft.element, sloTpot.element, sloE2e.element),
    folderRow,
    h('div', { class: 'row actions' }, runButton, cancelButton, saveButton, ring),
    progressRow, errorBox, h('div', { class: 'table-scroll' }, table), knee,
    chart?.element ?? '',
  );

  function renderKind(): void {
    show(transport.element, s.kind === 'edit');
    show(folderRow, s.kind !== 'chat');
  }

  function setBusy(busy: boolean): void {
    (runButton as { disabled: boolean }).disabled = busy;
    (cancelButton as { disabled: boolean }).disabled = !busy;
    (saveButton as { disabled: boolean }).disabled = busy || !lastId;
    show(ring, busy);
  }

  function run(): void {
    if (runningId) return;
    if (!/^https?:\/\/\S+$/.test(state.baseUrl.trim())) return flash('error', 'Enter the endpoint\'s base URL, e.g. http://host:8000/v1');
    if (!parseLevels(concurrency.get(), sweepOf())) {
      return flash('error', sweepOf() === 'rate' ? 'Levels: request rates above 0 and up to 10,000 per second, separated by commas (at most 16).' : 'Levels: whole numbers from 1 to 1024, separated by commas (at most 16).');
    }
    if (s.requestsPerLevel !== undefined && s.durationSeconds !== undefined) return flash('error', 'Give requests per level or seconds per level, not both.');
    runningId = `l${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    levels.length = 0;
    renderLevels(table, levels, s.kind !== 'edit');
    knee.textContent = '';
    show(errorBox, false);
    bar.value = 0;
    progressLabel.textContent = 'starting…';
    show(progressRow, true);
    setBusy(true);
    send({
      type: 'loadRun', requestId: runningId,
      target: { endpointKey: endpointKeyFor(state), baseUrl: state.baseUrl.trim(), model: state.model.trim(), timeoutMs: Math.round(state.timeoutSeconds * 1000) },
      settings: { ...s, slo: Object.fromEntries(Object.entries(s.slo).filter(([, v]) => v !== undefined)) },
    });
  }

  renderKind();
  setBusy(false);
  show(progressRow, false);
  show(errorBox, false);

  return {
    element,
    isCurrent: (requestId) => requestId === runningId,
    handle(message) {
      if (message.type === 'imagesFolder') {
        set(() => { s.imagesDir = message.path; });
        folder.set(message.path);
        return;
      }
      if (message.requestId !== runningId) return;
      switch (message.type) {
        case 'loadStarted':
          chart?.start(message.at);
          return;
        case 'loadProgress':
          bar.value = message.fraction;
          progressLabel.textContent = message.label;
          chart?.progress(Date.now(), message.e2eP50, message.ttftP50);
          return;
        case 'loadLevel':
          levels.push(message.level);
          renderLevels(table, levels, s.kind !== 'edit');
          chart?.level(message.level);
          return;
        case 'loadDone':
          lastId = message.error ? lastId : message.requestId;
          runningId = undefined;
          bar.value = message.error ? bar.value : 1;
          progressLabel.textContent = message.error ? 'stopped' : message.cancelled ? 'cancelled' : 'done';
          knee.textContent = message.error ? '' : `${message.cancelled ? 'Cancelled before every level ran. ' : ''}${message.summary}`;
          if (message.error) {
            errorBox.textContent = message.error;
            show(errorBox, true);
          }
          setBusy(false);
          return;
      }
    },
  };
}
