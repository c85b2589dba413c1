// What the extension host tells the panel: endpoints, inspected images, a run's progress and result, history,
// a history entry to load and send again, notices. Every message is validated; an invalid one is logged and ignored.
import { hostMessageSchema, parseMessage, type HostMessage } from '../src/messages/playgroundMessages.js';
import type { CaptionMode } from './captionMode.js';
import type { EditMode } from './editMode.js';
import type { EndpointBar } from './endpointBar.js';
import type { LoadTab } from './loadTab.js';
import type { RequestControls } from './requestControls.js';
import { endpointKeyFor, type Panel, type Tab } from './state.js';

export interface Parts {
  endpointBar: EndpointBar;
  caption: CaptionMode;
  edit: EditMode;
  controls: RequestControls;
  load: LoadTab;
  /** Engine telemetry (Load run or dashboard) and the host asking for a tab (Open Dashboard). */
  telemetry?(message: Extract<HostMessage, { type: 'telemetry' }>): void;
  setMode(tab: Tab): void;
  /** The host asks for a tab on an endpoint (Open Dashboard from the tree). */
  showTab?(tab: Tab, endpointKey?: string): void;
  flash(level: 'info' | 'error', message: string): void;
}

/** Starts listening to the host's messages. */
export function listenToHost(panel: Panel, parts: Parts): void {
  const onMessage = hostMessageHandler(panel, parts);
  window.addEventListener('message', (event: MessageEvent) => {
    const parsed = parseMessage(hostMessageSchema, event.data);
    if (!parsed.ok) {
      console.error(`playground: ignored ${parsed.reason}`);
      return;
    }
    onMessage(parsed.message);
  });
}

function hostMessageHandler({ state, save, send }: Panel, { endpointBar, caption, edit, controls, load, telemetry, setMode, showTab, flash }: Parts): (message: HostMessage) => void {
  function loadJob(message: Extract<HostMessage, { type: 'loadJob' }>): void {
    if (message.target.baseUrl) state.baseUrl = message.target.baseUrl;
    if (message.target.model !== undefined) state.model = message.target.model;
    endpointBar.showTarget();
    const job = message.job;
    if (job.mode === 'caption') {
      state.caption = { ...job.form };
      if (job.image) send({ type: 'inspectImage', slot: 'caption', image: job.image });
    } else {
      state.edit = { ...job.form };
      state.editImages = [];
      for (const image of job.images) send({ type: 'inspectImage', slot: 'edit', image });
    }
    caption.sync();
    edit.sync();
    setMode(job.mode);
    // Images come back through 'image' messages first (same channel, in order), then the run starts.
    setTimeout(() => controls.run(), 50);
  }

  return (message) => {
    switch (message.type) {
      case 'init':
      case 'endpoints':
        endpointBar.setEndpoints(message.endpoints, message.type === 'init' ? message.selectedKey : undefined);
        if (message.type === 'init') send({ type: 'selectEndpoint', endpointKey: endpointKeyFor(state) });
        return;
      case 'image':
        if (message.slot === 'caption') {
          state.captionImage = message.image;
          caption.renderImage();
        } else {
          state.editImages = [...state.editImages, message.image].slice(-8);
          edit.renderInputs();
        }
        save();
        return;
      case 'started':
        if (controls.isCurrent(message.requestId)) controls.exchange.started(message.rawRequest, message.run, message.of);
        return;
      case 'delta':
        if (controls.isCurrent(message.requestId)) caption.appendCaption(message.text);
        return;
      case 'result': {
        if (!controls.isCurrent(message.requestId)) return;
        const extra: string[] = [];
        if (message.caption) {
          caption.setCaption(message.caption.text);
          state.lastCaption = message.caption.text;
          if (message.caption.ttftMs !== undefined) extra.push(`TTFT ${Math.round(message.caption.ttftMs)} ms`);
          if (message.caption.tokensPerSecond !== undefined) extra.push(`${message.caption.tokensPerSecond} tokens/s`);
          if (message.caption.completionTokens !== undefined) extra.push(`${message.caption.completionTokens} tokens`);
        }
        if (message.edit && message.edit.images[0]) {
          const first = message.edit.images[0];
          state.lastResult = { base64: first.base64, width: first.width, height: first.height, seed: message.edit.seed };
          if (message.edit.processingTime !== undefined) extra.push(`server processing ${message.edit.processingTime} s`);
          if (message.edit.seed !== undefined) extra.push(`seed ${message.edit.seed}`);
          if (message.edit.images.length > 1) extra.push(`${message.edit.images.length} images (showing the first)`);
          edit.renderResult();
        }
        controls.exchange.result(message, extra);
        save();
        return;
      }
      case 'stats':
        if (controls.isCurrent(message.requestId)) controls.exchange.showStats(message.stats);
        return;
      case 'done':
        controls.finish(message.requestId);
        return;
      case 'history':
        controls.showHistory(message.endpointKey, message.entries);
        return;
      case 'loadJob':
        loadJob(message);
        return;
      case 'notice':
        flash(message.level, message.message);
        return;
      case 'loadStarted':
      case 'loadProgress':
      case 'loadLevel':
      case 'loadDone':
      case 'imagesFolder':
        load.handle(message);
        return;
      case 'telemetry':
        telemetry?.(message);
        return;
      case 'showTab':
        if (showTab) showTab(message.tab, message.endpointKey);
        else setMode(message.tab);
        return;
    }
  };
}
