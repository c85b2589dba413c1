// The header: which endpoint (a registered one, or a custom URL), its model, the timeout and the API key button.
import type { EndpointChoice } from '../src/messages/playgroundMessages.js';
import { button, dropdown, textField } from './components.js';
import { h } from './dom.js';
import { num } from './formValues.js';
import { endpointKeyFor, type Panel } from './state.js';

export interface EndpointBar {
  element: HTMLElement;
  /** The host's list of registered endpoints; `selectedKey` (from `init`) is chosen when it is in the list. */
  setEndpoints(endpoints: EndpointChoice[], selectedKey?: string): void;
  /** Shows the state's URL and model in their fields (after a history entry was loaded). */
  showTarget(): void;
  /** Chooses a registered endpoint (Open Dashboard from the tree); false when it is not in the list. */
  select(key: string): boolean;
}

/** `onSelect`: the user chose another endpoint (the dashboard follows it). */
export function createEndpointBar({ state, save, send }: Panel, onSelect: () => void = () => {}): EndpointBar {
  let endpoints: EndpointChoice[] = [];

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

  const endpointPicker = dropdown('Endpoint', [{ value: 'custom', label: 'Custom URL…' }], state.endpointKey, (key) => {
    state.endpointKey = key;
    applyEndpoint(key);
    refreshKeyLabel();
    send({ type: 'selectEndpoint', endpointKey: endpointKeyFor(state) });
    save();
    onSelect();
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

  return {
    element: h('header', { class: 'bar' }, endpointPicker.element, baseUrl.element, model.element, timeout.element, keyButton, keyState),
    setEndpoints(list, selectedKey) {
      endpoints = list;
      if (selectedKey && endpoints.some((e) => e.key === selectedKey)) state.endpointKey = selectedKey;
      if (state.endpointKey !== 'custom' && !endpoints.some((e) => e.key === state.endpointKey)) state.endpointKey = 'custom';
      endpointPicker.setChoices([{ value: 'custom', label: 'Custom URL…' }, ...endpoints.map((e) => ({ value: e.key, label: `${e.name} (${e.kind})` }))], state.endpointKey);
      applyEndpoint(state.endpointKey);
      refreshKeyLabel();
    },
    showTarget() {
      baseUrl.set(state.baseUrl);
      model.set(state.model);
    },
    select(key) {
      if (!endpoints.some((e) => e.key === key)) return false;
      state.endpointKey = key;
      endpointPicker.set(key);
      applyEndpoint(key);
      refreshKeyLabel();
      send({ type: 'selectEndpoint', endpointKey: key });
      save();
      return true;
    },
  };
}
