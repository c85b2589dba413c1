// The playground's browser side: forms, previews and results. It never sees an API key and sends nothing over
// the network itself: every request is a validated message to the extension host, which runs the core clients.
// This file only composes the parts (endpoint bar, mode tabs, caption and image-edit modes, request controls),
// wires them to the host's messages and says `ready`.
import './zodConfig.js';
import { createCaptionMode } from './captionMode.js';
import { registerComponents } from './components.js';
import { createEditMode } from './editMode.js';
import { createEndpointBar } from './endpointBar.js';
import { h } from './dom.js';
import { createLoadTab } from './loadTab.js';
import { listenToHost } from './hostMessages.js';
import { acceptPaste } from './images.js';
import { createModeTabs } from './modeTabs.js';
import { createNotice } from './notice.js';
import { createRequestControls } from './requestControls.js';
import { initialState, persist, type Panel } from './state.js';
import { send } from './vscodeApi.js';

registerComponents();
const state = initialState();
const panel: Panel = { state, save: () => persist(state), send };

const endpointBar = createEndpointBar(panel);
const notice = createNotice();
const reject = (message: string) => notice.flash('error', message);
const caption = createCaptionMode(panel, reject);
const edit = createEditMode(panel, () => controls.run(), reject);
const controls = createRequestControls(panel, notice.flash, (job) => { if (job.mode === 'caption') caption.setCaption(''); });
const load = createLoadTab(panel, notice.flash);
const dashboard = h('section', { id: 'dashboardMode', class: 'mode' });
const tabs = createModeTabs(panel, { caption: caption.element, edit: edit.element, load: load.element, dashboard }, controls.elements);

listenToHost(panel, { endpointBar, caption, edit, controls, load, setMode: tabs.setMode, flash: notice.flash });

document.getElementById('app')!.replaceChildren(
  endpointBar.element,
  tabs.element,
  notice.element,
  caption.element,
  edit.element,
  load.element,
  dashboard,
  ...controls.elements,
);
acceptPaste(() => state.mode, reject);
caption.sync();
edit.sync();
edit.renderResult();
tabs.setMode(state.tab);
controls.setBusy(false);
send({ type: 'ready' });
