// The playground's browser side: forms, previews and results. It never sees an API key and sends nothing over
// the network itself: every request is a validated message to the extension host, which runs the core clients.
import './zodConfig.js';
import { hostMessageSchema, parseMessage, type EndpointChoice, type HostMessage, type ImageInfo, type Job } from '../src/shared/playgroundMessages.js';
import { button, checkbox, divider, dropdown, progressRing, registerComponents, textArea, textField } from './components.js';
import { h, show } from './dom.js';
import { renderHistory } from './historyView.js';
import { acceptImages, acceptPaste, dataUrl } from './images.js';
import { ExchangeView } from './resultView.js';
import { endpointKeyFor, initialState, persist } from './state.js';
import { send } from './vscodeApi.js';

registerComponents();
const state = initialState();
let endpoints: EndpointChoice[] = [];
let runningId: string | undefined;
const save = () => persist(state);

const num = (text: string): number | undefined => (text.trim() === '' || Number.isNaN(Number(text)) ? undefined : Number(text));
const str = (value: number | undefined) => (value === undefined ? '' : String(value));

/** A registered endpoint fills the URL and model fields (the host reaches cluster endpoints through a port-forward). */
function applyEndpoint(key: string): void {
  const chosen = endpoints.find((e) => e.key === key);
  if (!chosen) return;
  state.baseUrl = chosen.baseUrl;
  baseUrl.set(chosen.baseUrl);
  if (chosen.model) {
    state.model = chosen.model;
    model.set(chosen.model);
  }
  save();
}

// ── Endpoint bar ────────────────────────────────────────────────────────────────────────────────────
const notice = h('div', { id: 'notice', class: 'notice', role: 'status' });
const endpointPicker = dropdown('Endpoint', [{ value: 'custom', label: 'Custom URL…' }], state.endpointKey, (key) => {
  state.endpointKey = key;
  applyEndpoint(key);
  refreshKeyLabel();
  send({ type: 'selectEndpoint', endpointKey: endpointKeyFor(state) });
  save();
}, { id: 'endpoint' });
const baseUrl = textField('Base URL', state.baseUrl, (v) => { state.baseUrl = v; save(); }, { id: 'baseUrl', placeholder: 'http://host:8000/v1', size: 36 });
baseUrl.element.addEventListener('change', () => { if (state.endpointKey === 'custom') send({ type: 'selectEndpoint', endpointKey: endpointKeyFor(state) }); });
const model = textField('Model', state.model, (v) => { state.model = v; save(); }, { id: 'model', placeholder: 'nvidia/nemotron-nano-12b-v2-vl', size: 30 });
const timeout = textField('Timeout (s)', String(state.timeoutSeconds), (v) => { state.timeoutSeconds = num(v) ?? 120; save(); }, { id: 'timeout', size: 5 });
const keyButton = button('Set API key…', () => send({ type: 'setApiKey', endpointKey: endpointKeyFor(state) }), { id: 'setApiKey', secondary: true, title: 'Stored in SecretStorage by the extension; never sent to this page' });
const keyState = h('span', { id: 'keyState', class: 'muted' });
function refreshKeyLabel(): void {
  const chosen = endpoints.find((e) => e.key === state.endpointKey);
  keyState.textContent = chosen ? (chosen.hasApiKey ? 'API key set' : 'no API key') : '';
}

const captionTab = button('Caption', () => setMode('caption'), { id: 'modeCaption' });
const editTab = button('Image edit', () => setMode('edit'), { id: 'modeEdit' });

// ── Caption mode ────────────────────────────────────────────────────────────────────────────────────
const captionPreview = h('img', { id: 'captionPreview', alt: 'image to caption', class: 'preview' });
const captionInfo = h('div', { id: 'captionImageInfo', class: 'muted' });
const captionDrop = h('div', { id: 'captionDrop', class: 'dropzone' }, captionPreview, captionInfo,
  h('div', { class: 'muted' }, 'Drop or paste a PNG, JPEG or WebP here, or'),
  button('Pick image…', () => send({ type: 'pickImage', slot: 'caption' }), { id: 'pickCaptionImage', secondary: true }));
const dialect = dropdown('Image part', [
  { value: 'image_url', label: 'image_url data URL (nv-ingest)' },
  { value: 'image', label: '{type:"image", image} (Omega VLM server)' },
  { value: 'url', label: 'image_url with an http(s) URL' },
], state.caption.dialect, (v) => { state.caption.dialect = v as typeof state.caption.dialect; renderCaptionImage(); save(); }, { id: 'dialect' });
const imageUrl = textField('Image URL', state.caption.imageUrl, (v) => { state.caption.imageUrl = v; save(); }, { id: 'imageUrl', placeholder: 'https://example.com/image.jpg', size: 40 });
const system = textArea('System prompt', state.caption.system, (v) => { state.caption.system = v; save(); }, { id: 'system', rows: 1 });
const prompt = textArea('User prompt', state.caption.prompt, (v) => { state.caption.prompt = v; save(); }, { id: 'prompt', rows: 2 });
const maxTokens = textField('max_tokens', String(state.caption.maxTokens), (v) => { state.caption.maxTokens = Math.max(1, Math.trunc(num(v) ?? 512)); save(); }, { id: 'maxTokens', size: 6 });
const temperature = textField('temperature', String(state.caption.temperature), (v) => { state.caption.temperature = num(v) ?? 1; save(); }, { id: 'temperature', size: 5 });
const topP = textField('top_p', String(state.caption.topP), (v) => { state.caption.topP = num(v) ?? 1; save(); }, { id: 'topP', size: 5 });
const stream = checkbox('Stream', state.caption.stream, (v) => { state.caption.stream = v; save(); }, { id: 'stream', title: 'SSE: shows time to first token and tokens per second' });
const prescale = checkbox('nv-ingest pre-scale (≤ 180,000 base64 chars)', state.caption.prescale, (v) => { state.caption.prescale = v; save(); }, { id: 'prescale' });
const captionText = h('pre', { id: 'captionText', class: 'caption-text' }, state.lastCaption ?? '');
const captionSection = h('section', { id: 'captionMode', class: 'mode' },
  h('div', { class: 'columns' },
    h('div', { class: 'column' }, captionDrop, dialect.element, imageUrl.element),
    h('div', { class: 'column' }, system.element, prompt.element, h('div', { class: 'row' }, maxTokens.element, temperature.element, topP.element), h('div', { class: 'row' }, stream.element, prescale.element)),
  ),
  h('h3', {}, 'Caption'), captionText,
);

function renderCaptionImage(): void {
  const url = state.caption.dialect === 'url';
  show(imageUrl.element, url);
  show(captionDrop, !url);
  const image = state.captionImage;
  show(captionPreview, Boolean(image));
  if (!image) {
    captionInfo.textContent = '';
    return;
  }
  captionPreview.src = dataUrl(image.mediaType, image.base64);
  const p = image.prescaled;
  const original = `${image.name} · ${image.mediaType} · ${image.width ?? '?'}×${image.height ?? '?'} · ${image.bytes.toLocaleString()} bytes`;
  const sent = p ? (p.steps > 0 ? `pre-scaled in ${p.steps} step(s) to ${p.width}×${p.height}, ${p.base64Length.toLocaleString()} base64 chars` : `fits as it is: ${p.base64Length.toLocaleString()} base64 chars`) : '';
  captionInfo.replaceChildren(h('div', {}, original), h('div', { id: 'prescaleInfo' }, sent), image.warning ? h('div', { class: 'warning' }, image.warning) : '');
}

// ── Image-edit mode ─────────────────────────────────────────────────────────────────────────────────
const editInputs = h('div', { id: 'editInputs', class: 'thumbs' });
const editDrop = h('div', { id: 'editDrop', class: 'dropzone' }, editInputs,
  h('div', { class: 'muted' }, 'Drop or paste input image(s), or'),
  button('Pick image…', () => send({ type: 'pickImage', slot: 'edit' }), { id: 'pickEditImage', secondary: true }),
  button('Clear', () => { state.editImages = []; renderEditInputs(); save(); }, { id: 'clearEditImages', secondary: true }));
const transport = dropdown('Transport', [
  { value: 'omni', label: 'vLLM-omni POST /v1/images/edits (multipart)' },
  { value: 'chat', label: 'Chat completions (diffusion)' },
  { value: 'nunchaku', label: 'Nunchaku POST /edit-image (Qwen-Image-Edit API)' },
], state.edit.transport, (v) => { state.edit.transport = v as typeof state.edit.transport; renderEditFields(); save(); }, { id: 'transport' });
const editPrompt = textArea('Prompt', state.edit.prompt, (v) => { state.edit.prompt = v; save(); }, { id: 'editPrompt', rows: 2 });
const negative = textArea('Negative prompt', state.edit.negativePrompt, (v) => { state.edit.negativePrompt = v; save(); }, { id: 'negativePrompt', rows: 1 });
const steps = textField('Steps', str(state.edit.steps), (v) => { state.edit.steps = num(v); save(); }, { id: 'steps', size: 5 });
const guidance = textField('guidance_scale', str(state.edit.guidanceScale), (v) => { state.edit.guidanceScale = num(v); save(); }, { id: 'guidance', size: 5 });
const trueCfg = textField('true_cfg_scale', str(state.edit.trueCfgScale), (v) => { state.edit.trueCfgScale = num(v); save(); }, { id: 'trueCfg', size: 5 });
const seed = textField('Seed', str(state.edit.seed), (v) => { state.edit.seed = num(v); save(); }, { id: 'seed', size: 10, placeholder: 'random' });
const size = textField('Size', state.edit.size, (v) => { state.edit.size = v.trim(); save(); }, { id: 'size', size: 9, placeholder: 'auto' });
const count = textField('n', String(state.edit.n), (v) => { state.edit.n = Math.max(1, Math.trunc(num(v) ?? 1)); save(); }, { id: 'n', size: 3 });
const rank = dropdown('rank', [{ value: '128', label: '128' }, { value: '64', label: '64' }], String(state.edit.rank), (v) => { state.edit.rank = v === '64' ? 64 : 128; save(); }, { id: 'rank' });
const compareInput = h('img', { id: 'compareInput', alt: 'input' });
const compareResult = h('img', { id: 'resultImage', alt: 'result' });
const overlayInput = h('img', { alt: 'input (overlay)' });
const overlayResult = h('img', { alt: 'result (overlay)', class: 'overlay-top' });
const slider = h('input', { type: 'range', min: '0', max: '100', value: '50', id: 'compareSlider', 'aria-label': 'Compare: input ← → result' });
slider.addEventListener('input', () => { overlayResult.style.clipPath = `inset(0 0 0 ${slider.value}%)`; });
overlayResult.style.clipPath = 'inset(0 0 0 50%)';
const sideBySide = h('div', { class: 'side-by-side' }, h('figure', {}, compareInput, h('figcaption', {}, 'input')), h('figure', {}, compareResult, h('figcaption', { id: 'resultCaption' }, 'result')));
const overlay = h('div', { class: 'overlay', hidden: '' }, h('div', { class: 'overlay-stack' }, overlayInput, overlayResult), slider);
const overlayToggle = checkbox('Overlay compare (swipe)', false, (v) => { show(overlay, v); show(sideBySide, !v); }, { id: 'overlayToggle' });
const saveButton = button('Save Result…', () => {
  if (state.lastResult) send({ type: 'saveResult', name: `edit-result-${state.lastResult.seed ?? 'noseed'}.png`, base64: state.lastResult.base64 });
}, { id: 'saveResult', secondary: true });
const reproduce = button('Reproduce', () => {
  if (state.lastResult?.seed !== undefined) {
    state.edit.seed = state.lastResult.seed;
    seed.set(String(state.lastResult.seed));
  }
  run();
}, { id: 'reproduce', secondary: true, title: 'Send again with the seed of the last result' });
const resultArea = h('div', { id: 'editResult', class: 'result' }, sideBySide, overlay, h('div', { class: 'row' }, overlayToggle.element, saveButton, reproduce));
const editSection = h('section', { id: 'editMode', class: 'mode' },
  h('div', { class: 'columns' },
    h('div', { class: 'column' }, editDrop, transport.element),
    h('div', { class: 'column' }, editPrompt.element, negative.element,
      h('div', { class: 'row' }, steps.element, guidance.element, trueCfg.element, seed.element, size.element, count.element, rank.element)),
  ),
  resultArea,
);

function renderEditInputs(): void {
  editInputs.replaceChildren(...state.editImages.map((img) => h('figure', {}, h('img', { src: dataUrl(img.mediaType, img.base64), alt: img.name, class: 'preview' }), h('figcaption', {}, `${img.name} · ${img.width ?? '?'}×${img.height ?? '?'}`))));
  const first = state.editImages[0];
  if (first) compareInput.src = overlayInput.src = dataUrl(first.mediaType, first.base64);
}

function renderEditFields(): void {
  const t = state.edit.transport;
  show(rank.element, t === 'nunchaku');
  show(guidance.element, t !== 'nunchaku');
  show(size.element, t !== 'nunchaku');
  show(count.element, t !== 'nunchaku');
}

function renderResult(): void {
  const r = state.lastResult;
  show(resultArea, Boolean(r));
  if (!r) return;
  compareResult.src = overlayResult.src = dataUrl('image/png', r.base64);
  // Without a seed (none set, and the server did not report the one it drew) the result cannot be reproduced.
  (reproduce as { disabled: boolean }).disabled = r.seed === undefined;
  reproduce.title = r.seed === undefined ? 'Set a seed to make results reproducible (this server did not report the seed it used)' : `Send again with seed ${r.seed}`;
}

// ── Common: send, cancel, repeat, curl, history ────────────────────────────────────────────────────
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
  if (job.mode === 'caption') captionText.textContent = '';
  setBusy(true);
  send({ type: 'run', requestId: runningId, target: currentTarget(), job, repeat: state.repeat });
}

function setBusy(busy: boolean): void {
  (sendButton as { disabled: boolean }).disabled = busy;
  (cancelButton as { disabled: boolean }).disabled = !busy;
  show(ring, busy);
}

let noticeTimer: ReturnType<typeof setTimeout> | undefined;
function flash(level: 'info' | 'error', message: string): void {
  notice.textContent = message;
  notice.className = `notice ${level}`;
  show(notice, true);
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => show(notice, false), level === 'error' ? 12_000 : 5_000);
}

function setMode(mode: 'caption' | 'edit'): void {
  state.mode = mode;
  show(captionSection, mode === 'caption');
  show(editSection, mode === 'edit');
  captionTab.setAttribute('appearance', mode === 'caption' ? 'primary' : 'secondary');
  editTab.setAttribute('appearance', mode === 'edit' ? 'primary' : 'secondary');
  save();
}

// ── Host messages ───────────────────────────────────────────────────────────────────────────────────
function onHostMessage(message: HostMessage): void {
  switch (message.type) {
    case 'init':
    case 'endpoints': {
      endpoints = message.endpoints;
      if (message.type === 'init' && message.selectedKey && endpoints.some((e) => e.key === message.selectedKey)) state.endpointKey = message.selectedKey;
      if (state.endpointKey !== 'custom' && !endpoints.some((e) => e.key === state.endpointKey)) state.endpointKey = 'custom';
      endpointPicker.setChoices([{ value: 'custom', label: 'Custom URL…' }, ...endpoints.map((e) => ({ value: e.key, label: `${e.name} (${e.kind})` }))], state.endpointKey);
      applyEndpoint(state.endpointKey);
      refreshKeyLabel();
      if (message.type === 'init') send({ type: 'selectEndpoint', endpointKey: endpointKeyFor(state) });
      return;
    }
    case 'image':
      if (message.slot === 'caption') {
        state.captionImage = message.image;
        renderCaptionImage();
      } else {
        state.editImages = [...state.editImages, message.image].slice(-8);
        renderEditInputs();
      }
      save();
      return;
    case 'started':
      if (message.requestId === runningId) exchange.started(message.rawRequest, message.run, message.of);
      return;
    case 'delta':
      if (message.requestId === runningId) captionText.textContent += message.text;
      return;
    case 'result': {
      if (message.requestId !== runningId) return;
      const extra: string[] = [];
      if (message.caption) {
        captionText.textContent = message.caption.text;
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
        renderResult();
      }
      exchange.result(message, extra);
      save();
      return;
    }
    case 'stats':
      if (message.requestId === runningId) exchange.showStats(message.stats);
      return;
    case 'done':
      if (message.requestId === runningId) {
        runningId = undefined;
        setBusy(false);
      }
      return;
    case 'history':
      if (message.endpointKey === endpointKeyFor(state)) renderHistory(historyList, message.entries, (id) => send({ type: 'rerun', historyId: id }));
      return;
    case 'loadJob':
      loadJob(message);
      return;
    case 'notice':
      flash(message.level, message.message);
      return;
  }
}

function loadJob(message: Extract<HostMessage, { type: 'loadJob' }>): void {
  if (message.target.baseUrl) state.baseUrl = message.target.baseUrl;
  if (message.target.model !== undefined) state.model = message.target.model;
  baseUrl.set(state.baseUrl);
  model.set(state.model);
  const job = message.job;
  if (job.mode === 'caption') {
    state.caption = { ...job.form };
    if (job.image) send({ type: 'inspectImage', slot: 'caption', image: job.image });
  } else {
    state.edit = { ...job.form };
    state.editImages = [];
    for (const image of job.images) send({ type: 'inspectImage', slot: 'edit', image });
  }
  syncFields();
  setMode(job.mode);
  // Images come back through 'image' messages first (same channel, in order), then the run starts.
  setTimeout(() => run(), 50);
}

function syncFields(): void {
  dialect.set(state.caption.dialect); imageUrl.set(state.caption.imageUrl); system.set(state.caption.system); prompt.set(state.caption.prompt);
  maxTokens.set(String(state.caption.maxTokens)); temperature.set(String(state.caption.temperature)); topP.set(String(state.caption.topP));
  stream.set(state.caption.stream); prescale.set(state.caption.prescale);
  transport.set(state.edit.transport); editPrompt.set(state.edit.prompt); negative.set(state.edit.negativePrompt); steps.set(str(state.edit.steps));
  guidance.set(str(state.edit.guidanceScale)); trueCfg.set(str(state.edit.trueCfgScale)); seed.set(str(state.edit.seed)); size.set(state.edit.size);
  count.set(String(state.edit.n)); rank.set(String(state.edit.rank));
  renderCaptionImage(); renderEditInputs(); renderEditFields();
}

window.addEventListener('message', (event: MessageEvent) => {
  const parsed = parseMessage(hostMessageSchema, event.data);
  if (!parsed.ok) {
    console.error(`playground: ignored ${parsed.reason}`);
    return;
  }
  onHostMessage(parsed.message);
});

// ── Layout ──────────────────────────────────────────────────────────────────────────────────────────
const app = document.getElementById('app')!;
app.replaceChildren(
  h('header', { class: 'bar' }, endpointPicker.element, baseUrl.element, model.element, timeout.element, keyButton, keyState),
  h('nav', { class: 'row tabs' }, captionTab, editTab),
  notice,
  captionSection,
  editSection,
  divider(),
  h('div', { class: 'row actions' }, repeat.element, sendButton, cancelButton, curlButton, ring),
  exchange.element,
  h('section', { class: 'history-section' }, h('h3', {}, 'History ', clearHistoryButton), historyList),
);
show(notice, false);
acceptImages(captionDrop, 'caption', (m) => flash('error', m));
acceptImages(editDrop, 'edit', (m) => flash('error', m));
acceptPaste(() => state.mode, (m) => flash('error', m));
syncFields();
renderResult();
setMode(state.mode);
setBusy(false);
send({ type: 'ready' });
