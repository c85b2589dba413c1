// Caption | Image edit | Load | Dashboard: the tab buttons show one tab's section and hide the others. The request
// controls (Send, history) belong to the two request modes only.
import { button } from './components.js';
import { h, show } from './dom.js';
import type { Panel, Tab } from './state.js';

const TABS: ReadonlyArray<{ tab: Tab; label: string; id: string }> = [
  { tab: 'caption', label: 'Caption', id: 'modeCaption' },
  { tab: 'edit', label: 'Image edit', id: 'modeEdit' },
  { tab: 'load', label: 'Load', id: 'modeLoad' },
  { tab: 'dashboard', label: 'Dashboard', id: 'modeDashboard' },
];

export function createModeTabs({ state, save }: Panel, sections: Record<Tab, HTMLElement>, requestControls: HTMLElement[], onShow: (tab: Tab) => void = () => {}): { element: HTMLElement; setMode(tab: Tab): void } {
  const buttons = TABS.map((t) => ({ ...t, el: button(t.label, () => setMode(t.tab), { id: t.id }) }));
  function setMode(tab: Tab): void {
    state.tab = tab;
    if (tab === 'caption' || tab === 'edit') state.mode = tab;
    for (const b of buttons) {
      show(sections[b.tab], b.tab === tab);
      b.el.setAttribute('appearance', b.tab === tab ? 'primary' : 'secondary');
    }
    for (const el of requestControls) show(el, tab === 'caption' || tab === 'edit');
    onShow(tab);
    save();
  }
  return { element: h('nav', { class: 'row tabs' }, ...buttons.map((b) => b.el)), setMode };
}
