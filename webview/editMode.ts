// Image-edit mode: input image(s), the transport and its fields, and the result compared with the input.
import { button, checkbox, dropdown, textArea, textField } from './components.js';
import { h, show } from './dom.js';
import { num, str } from './formValues.js';
import { acceptImages, dataUrl } from './images.js';
import type { Panel } from './state.js';

export interface EditMode {
  element: HTMLElement;
  /** Shows the state's input images as thumbnails (the first is the comparison's input). */
  renderInputs(): void;
  /** Shows the state's last result beside its input, or hides the result area when there is none. */
  renderResult(): void;
  /** Puts the state's edit form into the fields, then renders the inputs and which fields the transport uses. */
  sync(): void;
}

/** `run` sends the current form (Reproduce calls it after setting the last result's seed). */
export function createEditMode({ state, save, send }: Panel, run: () => void, onReject: (message: string) => void): EditMode {
  const editInputs = h('div', { id: 'editInputs', class: 'thumbs' });
  const editDrop = h('div', { id: 'editDrop', class: 'dropzone' }, editInputs,
    h('div', { class: 'muted' }, 'Drop or paste input image(s), or'),
    button('Pick image…', () => send({ type: 'pickImage', slot: 'edit' }), { id: 'pickEditImage', secondary: true }),
    button('Clear', () => { state.editImages = []; renderInputs(); save(); }, { id: 'clearEditImages', secondary: true }));
  const transport = dropdown('Transport', [
    { value: 'omni', label: 'vLLM-omni POST /v1/images/edits (multipart)' },
    { value: 'chat', label: 'Chat completions (diffusion)' },
    { value: 'nunchaku', label: 'Nunchaku POST /edit-image (Qwen-Image-Edit API)' },
  ], state.edit.transport, (v) => { state.edit.transport = v as typeof state.edit.transport; renderFields(); save(); }, { id: 'transport' });
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
  const element = h('section', { id: 'editMode', class: 'mode' },
    h('div', { class: 'columns' },
      h('div', { class: 'column' }, editDrop, transport.element),
      h('div', { class: 'column' }, editPrompt.element, negative.element,
        h('div', { class: 'row' }, steps.element, guidance.element, trueCfg.element, seed.element, size.element, count.element, rank.element)),
    ),
    resultArea,
  );
  acceptImages(editDrop, 'edit', onReject);

  function renderInputs(): void {
    editInputs.replaceChildren(...state.editImages.map((img) => h('figure', {}, h('img', { src: dataUrl(img.mediaType, img.base64), alt: img.name, class: 'preview' }), h('figcaption', {}, `${img.name} · ${img.width ?? '?'}×${img.height ?? '?'}`))));
    const first = state.editImages[0];
    if (first) compareInput.src = overlayInput.src = dataUrl(first.mediaType, first.base64);
  }

  function renderFields(): void {
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

  function sync(): void {
    transport.set(state.edit.transport); editPrompt.set(state.edit.prompt); negative.set(state.edit.negativePrompt); steps.set(str(state.edit.steps));
    guidance.set(str(state.edit.guidanceScale)); trueCfg.set(str(state.edit.trueCfgScale)); seed.set(str(state.edit.seed)); size.set(state.edit.size);
    count.set(String(state.edit.n)); rank.set(String(state.edit.rank));
    renderInputs(); renderFields();
  }

  return { element, renderInputs, renderResult, sync };
}
