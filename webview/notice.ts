import { h, show } from './dom.js';

/** The status line under the tabs: a message that hides itself after a while (errors stay longer). */
export function createNotice(): { element: HTMLElement; flash(level: 'info' | 'error', message: string): void } {
  const element = h('div', { id: 'notice', class: 'notice', role: 'status' });
  let timer: ReturnType<typeof setTimeout> | undefined;
  function flash(level: 'info' | 'error', message: string): void {
    element.textContent = message;
    element.className = `notice ${level}`;
    show(element, true);
    clearTimeout(timer);
    timer = setTimeout(() => show(element, false), level === 'error' ? 12_000 : 5_000);
  }
  show(element, false);
  return { element, flash };
}
