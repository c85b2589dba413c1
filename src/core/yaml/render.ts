import { stringify } from 'yaml';
import type { YamlLayout } from './layout.js';

/** Block YAML for `value`, every line indented by `column` spaces and ended by the document's line break. */
export function renderBlock(value: unknown, column: number, layout: YamlLayout): string {
  const text = stringify(value, { indent: layout.indent, indentSeq: layout.indentSeq, lineWidth: 0, aliasDuplicateObjects: false });
  const pad = ' '.repeat(column);
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => pad + line + layout.eol)
    .join('');
}

/** One flow-style value (`{a: 1}`, `[x]`, a scalar); strings keep the quoting style of their neighbours. */
export function renderFlow(value: unknown, preferDoubleQuotes = false): string {
  if (typeof value === 'string' && preferDoubleQuotes) return JSON.stringify(value);
  const text = stringify(value, { collectionStyle: 'flow', lineWidth: 0, aliasDuplicateObjects: false }).replace(/\n$/, '');
  // A plain scalar with flow indicators would break the surrounding flow collection.
  if (typeof value === 'string' && /[,[\]{}]/.test(text) && !/^["']/.test(text)) return JSON.stringify(value);
  return text;
}
