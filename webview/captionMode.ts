// Caption mode: the image (dropped, pasted, picked, or an http(s) URL), the chat-completions form and the caption.
import { button, checkbox, dropdown, textArea, textField } from './components.js';
import { h, show } from './dom.js';
import { num } from './formValues.js';
import { acceptImages, dataUrl } from './images.js';
import type { Panel } from './state.js';

export interface CaptionMode {
  element: HTMLElement;
  /** Shows the state's caption image (preview, sizes, pre-scale) or the URL field, as the dialect asks. */
  renderImage(): void;
  /** Puts the state's caption form into the fields, then renders the image. */
  sync(): void;
  /** The caption text: replaced, or extended by a streamed delta. */
  setCaption(text: string): void;
  appendCaption(text: string): void;
}

export function createCaptionMode({ state, save, send }: Panel, onReject: (message: string) => void): CaptionMode {
  const captionPreview = h('img', { id: 'captionPreview', alt: 'image to caption', class: 'preview' });
  const captionInfo = h('div', { id: 'captionImageInfo', class: 'muted' });
  const captionDrop = h('div', { id: 'captionDrop', class: 'dropzone' }, captionPreview, captionInfo,
    h('div', { class: 'muted' }, 'Drop or paste a PNG, JPEG or WebP here, or'),
    button('Pick image…', () => send({ type: 'pickImage', slot: 'caption' }), { id: 'pickCaptionImage', secondary: true }));
  const dialect = dropdown('Image part', [
    { value: 'image_url', label: 'image_url data URL (nv-ingest)' },
    { value: 'image', label: '{type:"image", image} (Omega VLM server)' },
    { value: 'url', label: 'image_url with an http(s) URL' },
  ], state.caption.dialect, (v) => { state.caption.dialect = v as typeof state.caption.dialect; renderImage(); save(); }, { id: 'dialect' });
  const imageUrl = textField('Image URL', state.caption.imageUrl, (v) => { state.caption.imageUrl = v; save(); }, { id: 'imageUrl', placeholder: 'https://example.com/image.jpg', size: 40 });
  const system = textArea('System prompt', state.caption.system, (v) => { state.caption.system = v; save(); }, { id: 'system', rows: 1 });
  const prompt = textArea('User prompt', state.caption.prompt, (v) => { state.caption.prompt = v; save(); }, { id: 'prompt', rows: 2 });
  const maxTokens = textField('max_tokens', String(state.caption.maxTokens), (v) => { state.caption.maxTokens = Math.max(1, Math.trunc(num(v) ?? 512)); save(); }, { id: 'maxTokens', size: 6 });
  const temperature = textField('temperature', String(state.caption.temperature), (v) => { state.caption.temperature = num(v) ?? 1; save(); }, { id: 'temperature', size: 5 });
  const topP = textField('top_p', String(state.caption.topP), (v) => { state.caption.topP = num(v) ?? 1; save(); }, { id: 'topP', size: 5 });
  const stream = checkbox('Stream', state.caption.stream, (v) => { state.caption.stream = v; save(); }, { id: 'stream', title: 'SSE: shows time to first token and tokens per second' });
  const prescale = checkbox('nv-ingest pre-scale (≤ 180,000 base64 chars)', state.caption.prescale, (v) => { state.caption.prescale = v; save(); }, { id: 'prescale' });
  const captionText = h('pre', { id: 'captionText', class: 'caption-text' }, state.lastCaption ?? '');
  const element = h('section', { id: 'captionMode', class: 'mode' },
    h('div', { class: 'columns' },
      h('div', { class: 'column' }, captionDrop, dialect.element, imageUrl.element),
      h('div', { class: 'column' }, system.element, prompt.element, h('div', { class: 'row' }, maxTokens.element, temperature.element, topP.element), h('div', { class: 'row' }, stream.element, prescale.element)),
    ),
    h('h3', {}, 'Caption'), captionText,
  );
  acceptImages(captionDrop, 'caption', onReject);

  function renderImage(): void {
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

  function sync(): void {
    dialect.set(state.caption.dialect); imageUrl.set(state.caption.imageUrl); system.set(state.caption.system); prompt.set(state.caption.prompt);
    maxTokens.set(String(state.caption.maxTokens)); temperature.set(String(state.caption.temperature)); topP.set(String(state.caption.topP));
    stream.set(state.caption.stream); prescale.set(state.caption.prescale);
    renderImage();
  }

  return {
    element,
    renderImage,
    sync,
    setCaption: (text) => { captionText.textContent = text; },
    appendCaption: (text) => { captionText.textContent += text; },
  };
}
