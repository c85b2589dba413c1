// Caption | Image edit: the tab buttons show one mode's section and hide the other's.
import { button } from './components.js';
import { h, show } from './dom.js';
import type { Panel } from './state.js';

export function createModeTabs({ state, save }: Panel, sections: { caption: HTMLElement; edit: HTMLElement }): { element: HTMLElement; setMode(mode: 'caption' | 'edit'): void } {
  const captionTab = button('Caption', () => setMode('caption'), { id: 'modeCaption' });
  const editTab = button('Image edit', () => setMode('edit'), { id: 'modeEdit' });
  function setMode(mode: 'caption' | 'edit'): void {
    state.mode = mode;
    show(sections.caption, mode === 'caption');
    show(sections.edit, mode === 'edit');
    captionTab.setAttribute('appearance', mode === 'caption' ? 'primary' : 'secondary');
    editTab.setAttribute('appearance', mode === 'edit' ? 'primary' : 'secondary');
    save();
  }
  return { element: h('nav', { class: 'row tabs' }, captionTab, editTab), setMode };
}
