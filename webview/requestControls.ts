// Send, cancel, repeat, copy as curl; the raw exchange and the endpoint's history. Owns the request in flight.
import type { HistoryItem, ImageInfo, Job } from '../src/messages/playgroundMessages.js';
import { button, divider, progressRing, textField } from './components.js';
import { h, show } from './dom.js';
import { num } from './formValues.js';
import { renderHistory } from './historyView.js';
import { ExchangeView } from './resultView.js';
import { endpointKeyFor, type Panel } from './state.js';

export interface RequestControls {
  /** Divider, action row, raw exchange, history: in that order, below the mode sections. */
  elements: HTMLElement[];
  exchange: ExchangeView;
  /** Sends the current mode's form (unless it is incomplete or a request is already running). */
  run(): void;
  setBusy(busy: boolean): void;
  /** Whether a host message belongs to the request in flight (late messages of an earlier one are ignored). */
  isCurrent(requestId: string): boolean;
  /** The request in flight is done: Send is enabled again. */
  finish(requestId: string): void;
  showHistory(endpointKey: string, entries: HistoryItem[]): void;
}

/** `flash` reports an incomplete form; `onRun` is told the job just before it is sent. */
export function createRequestControls({ state, save, send }: Panel, flash: (level: 'info' | 'error', message: string) => void, onRun: (job: Job) => void): RequestControls {
  let runningId: string | undefined;
  const repeat = textField('Repeat N times', String(state.repeat), (v) => { state.repeat = Math.min(200, Math.max(1, Math.trunc(num(v) ?? 1))); save(); }, { id: 'repeat', size: 4 });
  const sendButton = button('Send', () => run(), { id: 'send' });
  const cancelButton = button('Cancel', () => { if (runningId) send({ type: 'cancel', requestId: runningId }); }, { id: 'cancel', secondary: true });
  const curlButton = button('Copy as curl', () => { const job = currentJob(); if (job) send({ type: 'copyCurl', target: currentTarget(), job }); }, { id: 'copyCurl', secondary: true, title: 'The API key is written as $API_KEY' });
  const ring = progressRing('busy');
  const exchange = new ExchangeView();
  const historyList = h('div', { id: 'history' });
  const clearHistoryButton = h('button', { class: 'link', type: 'button' }, 'Clear');
  clearHistoryButton.addEventListener('click', () => send({ type: 'clearHistory', endpointKey: endpointKeyFor(state) }));

  function currentTarget() {
    return { endpointKey: endpointKeyFor(state), baseUrl: state.baseUrl.trim(), model: state.model.trim(), timeoutMs: Math.round(state.timeoutSeconds * 1000) };
  }

  function currentJob(): Job | undefined {
    if (!/^https?:\/\/\S+$/.test(state.baseUrl.trim())) {
      flash('error', 'Enter the endpoint\'s base URL, e.g. http://host:8000/v1');
      return undefined;
    }
    const strip = (i: ImageInfo) => ({ name: i.name, base64: i.base64, ...(i.path ? { path: i.path } : {}) });
    if (state.mode === 'caption') {
      if (state.caption.dialect !== 'url' && !state.captionImage) {
        flash('error', 'Add an image first: pick, drop or paste one.');
        return undefined;
      }
      return { mode: 'caption', form: { ...state.caption }, image: state.caption.dialect === 'url' || !state.captionImage ? undefined : strip(state.captionImage) };
    }
    if (!state.editImages.length) {
      flash('error', 'Add an input image first.');
      return undefined;
    }
    return { mode: 'edit', form: { ...state.edit }, images: state.editImages.map(strip) };
  }

  function run(): void {
    const job = currentJob();
    if (!job || runningId) return;
    runningId = `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    exchange.clear();
    onRun(job);
    setBusy(true);
    send({ type: 'run', requestId: runningId, target: currentTarget(), job, repeat: state.repeat });
  }

  function setBusy(busy: boolean): void {
    (sendButton as { disabled: boolean }).disabled = busy;
    (cancelButton as { disabled: boolean }).disabled = !busy;
    show(ring, busy);
  }

  return {
    elements: [
      divider(),
      h('div', { class: 'row actions' }, repeat.element, sendButton, cancelButton, curlButton, ring),
      exchange.element,
      h('section', { class: 'history-section' }, h('h3', {}, 'History ', clearHistoryButton), historyList),
    ],
    exchange,
    run,
    setBusy,
    isCurrent: (requestId) => requestId === runningId,
    finish(requestId) {
      if (requestId !== runningId) return;
      runningId = undefined;
      setBusy(false);
    },
    showHistory(endpointKey, entries) {
      if (endpointKey === endpointKeyFor(state)) renderHistory(historyList, entries, (id) => send({ type: 'rerun', historyId: id }));
    },
  };
}
