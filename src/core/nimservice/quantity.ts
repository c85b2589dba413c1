/** Kubernetes resource quantities (`32Gi`, `64G`, `500M`, `1.5Gi`, `1e9`) in base units; undefined when malformed. */
const SUFFIXES: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[mkMGTPE]))?$/.exec(value.trim());
  if (!match) return undefined;
  const number = Number(match[1] + (match[2] ?? ''));
  return number * SUFFIXES[match[3] ?? ''];
}

/** `34359738368` → `32Gi`: the largest binary unit that divides the value, for messages. */
export function formatBytes(bytes: number): string {
  for (const [suffix, factor] of [['Ei', 2 ** 60], ['Pi', 2 ** 50], ['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) {
    if (bytes >= factor && Number.isInteger(bytes / factor)) return `${bytes / factor}${suffix}`;
  }
  return String(bytes);
}
