// Text mutations of manifests: the ways a half-written or mangled YAML file really looks.
import type { Random } from './random.js';

export type Mutation = (text: string, random: Random) => string;

const lines = (text: string) => text.split('\n');
const keyLine = /^(\s*)(- )?([A-Za-z_][\w.-]*):(.*)$/;

function keyLineIndexes(text: string): number[] {
  return lines(text).flatMap((line, i) => (keyLine.test(line) ? [i] : []));
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** Deletes a key line and the block under it. */
const deleteKey: Mutation = (text, random) => {
  const all = lines(text);
  const keys = keyLineIndexes(text);
  if (!keys.length) return text;
  const at = random.pick(keys);
  const indent = indentOf(all[at]);
  let end = at + 1;
  while (end < all.length && (all[end].trim() === '' || indentOf(all[end]) > indent)) end++;
  all.splice(at, end - at);
  return all.join('\n');
};

const wrongValues = ['42', '-1', '3.14', '"a string"', "'1.8'", '1.8', '[1, 2]', '{a: 1}', 'null', '~', 'true', 'no', '1e400', '-.inf', '.nan', '0x1F', '""', '[]', '{}', '!!binary aGVsbG8=', '!custom tag', '|\n  block', '>-\n  folded', '2026-11-23T00:00:00Z'];

/** Replaces a key's value (scalar or whole block) with a value of another type. */
const wrongType: Mutation = (text, random) => {
  const all = lines(text);
  const keys = keyLineIndexes(text);
  if (!keys.length) return text;
  const at = random.pick(keys);
  const match = keyLine.exec(all[at])!;
  const indent = indentOf(all[at]);
  let end = at + 1;
  if (match[4].trim() === '') while (end < all.length && (all[end].trim() === '' || indentOf(all[end]) > indent)) end++;
  const value = random.pick(wrongValues).replace(/\n {2}/g, `\n${' '.repeat(indent + 2)}`);
  all.splice(at, end - at, `${match[1]}${match[2] ?? ''}${match[3]}: ${value}`);
  return all.join('\n');
};

/** Shifts a line's indentation by -3..+3 spaces, or swaps it to a tab. */
const brokenIndentation: Mutation = (text, random) => {
  const all = lines(text);
  if (!all.length) return text;
  const at = random.int(all.length);
  const line = all[at];
  const delta = random.pick([-3, -2, -1, 1, 2, 3]);
  const indent = indentOf(line);
  all[at] = random.chance(0.2) ? `\t${line.trimStart()}` : ' '.repeat(Math.max(0, indent + delta)) + line.trimStart();
  return all.join('\n');
};

/** Repeats a key line (the yaml parser reports duplicate keys; rules must not choke on the document). */
const duplicateKey: Mutation = (text, random) => {
  const all = lines(text);
  const keys = keyLineIndexes(text);
  if (!keys.length) return text;
  const at = random.pick(keys);
  all.splice(at + 1, 0, all[at].replace(/^(\s*)- /, '$1  '));
  return all.join('\n');
};

/** A 100 KB scalar, a deeply nested flow value, or a deeply nested block mapping. */
const hugeValue: Mutation = (text, random) => {
  const all = lines(text);
  const keys = keyLineIndexes(text);
  if (!keys.length) return text;
  const at = random.pick(keys);
  const match = keyLine.exec(all[at])!;
  const kind = random.int(4);
  const depth = 50 + random.int(400);
  const value =
    kind === 0 ? 'x'.repeat(100_000)
    : kind === 1 ? '['.repeat(depth) + ']'.repeat(depth)
    : kind === 2 ? '{a: '.repeat(depth) + '1' + '}'.repeat(depth)
    : `\n${Array.from({ length: Math.min(depth, 200) }, (_, i) => `${' '.repeat(indentOf(all[at]) + 2 * (i + 1))}k${i}:`).join('\n')} end`;
  all[at] = `${match[1]}${match[2] ?? ''}${match[3]}: ${value}`;
  return all.join('\n');
};

/** Anchors, aliases, merge keys, undefined aliases and an alias bomb (billion laughs). */
const anchorsAndAliases: Mutation = (text, random) => {
  const all = lines(text);
  const keys = keyLineIndexes(text);
  const kind = random.int(5);
  if (kind === 4) {
    const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    return `${text}\n---\n${bomb.join('\n')}\n`;
  }
  if (!keys.length) return text;
  const from = random.pick(keys);
  const to = random.pick(keys);
  const source = keyLine.exec(all[from])!;
  const target = keyLine.exec(all[to])!;
  if (kind === 0) {
    all[from] = `${source[1]}${source[2] ?? ''}${source[3]}: &anchor${source[4]}`;
    all[to] = `${target[1]}${target[2] ?? ''}${target[3]}: *anchor`;
  } else if (kind === 1) {
    all[to] = `${target[1]}${target[2] ?? ''}${target[3]}: *undefined_anchor`;
  } else if (kind === 2) {
    all[from] = `${source[1]}${source[2] ?? ''}${source[3]}: &self${source[4]}`;
    all.splice(from + 1, 0, `${' '.repeat(indentOf(all[from]) + 2)}<<: *self`);
  } else {
    all.splice(to + 1, 0, `${target[1]}  <<: {merged: true}`);
  }
  return all.join('\n');
};

const junk = ['\u0000', '\u0007', '\u001b[31m', '\ufffd', '\ud800', '\udfff', '\u2028', '\u2029', '\ufeff', '\u00a0', '\r', '\t', '%', '@', '`', '&', '*', '!', '|', '>', '{', '}', '[', ']', '#', ':', '- ', '"', "'", '\\'];

/** Control characters, lone surrogates, BOMs, reserved indicators at a random offset. */
const binaryJunk: Mutation = (text, random) => {
  const at = random.int(text.length + 1);
  let insert = '';
  for (let i = 1 + random.int(8); i > 0; i--) insert += random.chance(0.7) ? random.pick(junk) : String.fromCharCode(random.int(0x10000));
  return text.slice(0, at) + insert + text.slice(at);
};

const crlf: Mutation = (text) => text.replace(/\r?\n/g, '\r\n');
const bom: Mutation = (text) => `\ufeff${text}`;
const truncate: Mutation = (text, random) => text.slice(0, random.int(text.length + 1));
const splitDocument: Mutation = (text, random) => {
  const all = lines(text);
  all.splice(random.int(all.length + 1), 0, random.pick(['---', '...', '--- |', '--- !!map', '---  # c', '%YAML 1.2\n---']));
  return all.join('\n');
};
const swapLines: Mutation = (text, random) => {
  const all = lines(text);
  if (all.length < 2) return text;
  const a = random.int(all.length);
  const b = random.int(all.length);
  [all[a], all[b]] = [all[b], all[a]];
  return all.join('\n');
};
const emptyOrComment: Mutation = (text, random) => random.pick(['', '\n', '# only a comment\n', '---\n---\n', 'null', '[]', '"just a string"', text.replace(/^/gm, '# ')]);

export const mutations: Record<string, Mutation> = {
  deleteKey, wrongType, brokenIndentation, duplicateKey, hugeValue, anchorsAndAliases, binaryJunk, crlf, bom, truncate, splitDocument, swapLines, emptyOrComment,
};

const weighted: [string, number][] = [
  ['deleteKey', 14], ['wrongType', 16], ['brokenIndentation', 12], ['duplicateKey', 8], ['hugeValue', 4], ['anchorsAndAliases', 6],
  ['binaryJunk', 10], ['crlf', 3], ['bom', 2], ['truncate', 8], ['splitDocument', 6], ['swapLines', 8], ['emptyOrComment', 1],
];
const totalWeight = weighted.reduce((sum, [, w]) => sum + w, 0);

/** Applies 1–4 weighted random mutations; returns the text and the names applied (for the failure report). */
export function mutate(text: string, random: Random): { text: string; applied: string[] } {
  const applied: string[] = [];
  for (let n = 1 + random.int(4); n > 0; n--) {
    let roll = random.int(totalWeight);
    const [name] = weighted.find(([, w]) => (roll -= w) < 0)!;
    text = mutations[name](text, random);
    applied.push(name);
  }
  return { text, applied };
}
