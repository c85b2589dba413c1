import type { HistoryItem } from '../src/messages/playgroundMessages.js';
import { h } from './dom.js';

/** The last requests to this endpoint (newest first), with thumbnails and a re-run button. */
export function renderHistory(container: HTMLElement, entries: HistoryItem[], onRerun: (id: string) => void): void {
  if (!entries.length) {
    container.replaceChildren(h('p', { class: 'muted' }, 'No requests to this endpoint yet.'));
    return;
  }
  container.replaceChildren(h('ol', { class: 'history' }, ...entries.map((e) => {
    const rerun = h('button', { class: 'link', type: 'button', title: e.canRerun ? 'Load this request into the form and send it again' : 'The input image was pasted or dropped: its bytes are not kept' }, 'Re-run');
    rerun.disabled = !e.canRerun;
    rerun.addEventListener('click', () => onRerun(e.id));
    return h('li', { class: e.ok ? 'ok' : 'failed' },
      e.inputThumbnail ? h('img', { src: e.inputThumbnail, alt: 'input', class: 'thumb' }) : '',
      e.resultThumbnail ? h('img', { src: e.resultThumbnail, alt: 'result', class: 'thumb' }) : '',
      h('span', { class: 'when' }, new Date(e.at).toLocaleTimeString()),
      h('span', { class: 'mode' }, e.mode),
      h('span', { class: 'latency' }, `${e.status ?? '—'} · ${e.latencyMs} ms`),
      h('span', { class: 'summary' }, e.summary),
      rerun,
    );
  })));
}
