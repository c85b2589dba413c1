import { DEFAULT_CAPTION_FORM, DEFAULT_EDIT_FORM, type CaptionForm, type EditForm, type ImageInfo, type WebviewMessage } from '../src/messages/playgroundMessages.js';
import { DEFAULT_LOAD_SETTINGS, type LoadSettings } from '../src/messages/loadMessages.js';
import { loadState, saveState } from './vscodeApi.js';

/** The panel's tabs: the two request modes, the load test and the engine dashboard. */
export type Tab = 'caption' | 'edit' | 'load' | 'dashboard';

/** Everything the panel shows that must survive hide/show and a window reload (restored by the serializer). */
export interface UiState {
  version: 1;
  mode: 'caption' | 'edit';
  /** The tab shown (a request mode, Load or Dashboard). */
  tab: Tab;
  load: LoadSettings;
  /** A registered endpoint's key, or `custom`. */
  endpointKey: string;
  baseUrl: string;
  model: string;
  timeoutSeconds: number;
  repeat: number;
  caption: CaptionForm;
  edit: EditForm;
  captionImage?: ImageInfo;
  editImages: ImageInfo[];
  lastCaption?: string;
  lastResult?: { base64: string; width?: number; height?: number; seed?: number };
}

/** What every part of the panel is given: the one state object, how to persist it, and the way to the host. */
export interface Panel {
  state: UiState;
  save(): void;
  send(message: WebviewMessage): void;
}

const MAX_PERSISTED_IMAGE_CHARS = 12 * 1024 * 1024;

export function initialState(): UiState {
  const saved = loadState<UiState>();
  const fresh: UiState = {
    version: 1, mode: 'caption', tab: 'caption', load: { ...DEFAULT_LOAD_SETTINGS, slo: { ...DEFAULT_LOAD_SETTINGS.slo } }, endpointKey: 'custom', baseUrl: '', model: '', timeoutSeconds: 120, repeat: 1,
    caption: { ...DEFAULT_CAPTION_FORM }, edit: { ...DEFAULT_EDIT_FORM }, editImages: [],
  };
  if (!saved || saved.version !== 1) return fresh;
  return { ...fresh, ...saved, tab: saved.tab ?? saved.mode ?? 'caption', load: { ...fresh.load, ...saved.load, slo: { ...fresh.load.slo, ...saved.load?.slo } }, caption: { ...fresh.caption, ...saved.caption }, edit: { ...fresh.edit, ...saved.edit } };
}

/** Persists the state; big images are dropped from what is saved (the form and results stay). */
export function persist(state: UiState): void {
  const size = (state.captionImage?.base64.length ?? 0) + state.editImages.reduce((n, i) => n + i.base64.length, 0) + (state.lastResult?.base64.length ?? 0);
  saveState(size > MAX_PERSISTED_IMAGE_CHARS ? { ...state, captionImage: undefined, editImages: [], lastResult: undefined } : state);
}

export function endpointKeyFor(state: UiState): string {
  return state.endpointKey === 'custom' ? `custom:${state.baseUrl.trim().replace(/\/+$/, '')}` : state.endpointKey;
}
