export const HISTORY_LIMIT = 50;
/** Per endpoint, everything in one entry list (thumbnails included) stays under this many characters. */
export const HISTORY_MAX_CHARS = 400_000;
export const THUMBNAIL_MAX_CHARS = 16_000;

/** One past request: its form (no image bytes), what it did, and small thumbnails. No API key, ever. */
export interface HistoryEntry {
  id: string;
  /** ISO time. */
  at: string;
  endpointKey: string;
  mode: 'caption' | 'edit';
  /** Caption form or edit form, as the webview sent it (images removed). */
  form: Record<string, unknown>;
  /** Local paths of the input images when known, so that "re-run" can read them again. */
  imagePaths: string[];
  imageNames: string[];
  ok: boolean;
  status?: number;
  latencyMs: number;
  /** Caption text or error message, cut to 300 characters. */
  summary: string;
  inputThumbnail?: string;
  resultThumbnail?: string;
}

export type HistoryStore = Record<string, HistoryEntry[]>;

/** Newest first; at most HISTORY_LIMIT entries and HISTORY_MAX_CHARS per endpoint (oldest dropped first). */
export function addHistoryEntry(store: HistoryStore, entry: HistoryEntry): HistoryStore {
  const clean: HistoryEntry = {
    ...entry,
    summary: entry.summary.length > 300 ? `${entry.summary.slice(0, 299)}…` : entry.summary,
    inputThumbnail: capThumbnail(entry.inputThumbnail),
    resultThumbnail: capThumbnail(entry.resultThumbnail),
  };
  const list = [clean, ...(store[entry.endpointKey] ?? []).filter((e) => e.id !== entry.id)].slice(0, HISTORY_LIMIT);
  while (list.length > 1 && JSON.stringify(list).length > HISTORY_MAX_CHARS) list.pop();
  return { ...store, [entry.endpointKey]: list };
}

export function historyOf(store: HistoryStore, endpointKey: string): HistoryEntry[] {
  return store[endpointKey] ?? [];
}

export function findHistoryEntry(store: HistoryStore, id: string): HistoryEntry | undefined {
  for (const list of Object.values(store)) {
    const found = list.find((e) => e.id === id);
    if (found) return found;
  }
  return undefined;
}

export function clearHistory(store: HistoryStore, endpointKey: string): HistoryStore {
  const next = { ...store };
  delete next[endpointKey];
  return next;
}

/** Stored state may be old or edited by hand: only small raster data URLs go back to the webview's <img>. */
function capThumbnail(thumbnail: string | undefined): string | undefined {
  return thumbnail && thumbnail.length <= THUMBNAIL_MAX_CHARS && /^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]+=*$/.test(thumbnail) ? thumbnail : undefined;
}
