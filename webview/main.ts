// The playground's browser side: forms, previews and results. It never sees an API key and sends nothing over
// the network itself: every request is a validated message to the extension host, which runs the core clients.
// This file only composes the parts (endpoint bar, mode tabs, caption and image-edit modes, request controls),
// wires them to the host's messages and says `ready`.
import './zodConfig.js';
import { createCaptionMode } from './captionMode.js';
import { registerComponents } from './components.js';
import { createEditMode } from './editMode.js';
import { createEndpointBar } from './endpointBar.js';
import { createDashboardTab } from './dashboardTab.js';
import { createLoadChart } from './loadChart.js';
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

const endpointBar = createEndpointBar(panel, () => dashboard.retarget());
const notice = createNotice();
const reject = (message: string) => notice.flash('error', message);
const caption = createCaptionMode(panel, reject);
const edit = createEditMode(panel, () => controls.run(), reject);
const controls = createRequestControls(panel, notice.flash, (job) => { if (job.mode === 'caption') caption.setCaption(''); });
const loadChart = createLoadChart();
const load = createLoadTab(panel, notice.flash, loadChart);
const dashboard = createDashboardTab(panel, notice.flash);
const tabs = createModeTabs(panel, { caption: caption.element, edit: edit.element, load: load.element, dashboard: dashboard.element }, controls.elements, (tab) => dashboard.setVisible(tab === 'dashboard'));

listenToHost(panel, {
  endpointBar, caption, edit, controls, load, setMode: tabs.setMode, flash: notice.flash,
  telemetry: (message) => (message.source === 'load' ? loadChart.telemetry(message.sample) : dashboard.telemetry(message)),
  showTab: (tab, endpointKey) => {
    if (endpointKey && !endpointBar.select(endpointKey)) notice.flash('error', `${endpointKey} is not among the playground's endpoints (yet): pick it above.`);
    tabs.setMode(tab);
  },
});

document.getElementById('app')!.replaceChildren(
  endpointBar.element,
  tabs.element,
  notice.element,
  caption.element,
  edit.element,
  load.element,
  dashboard.element,
  ...controls.elements,
);
acceptPaste(() => state.mode, reject);
caption.sync();
edit.sync();
edit.renderResult();
tabs.setMode(state.tab);
controls.setBusy(false);
send({ type: 'ready' });
