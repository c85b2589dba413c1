import { isScalar, isSeq } from 'yaml';
import type { ManifestDocument, YamlPath } from '../manifest/manifestDocument.js';

/** One word of a container's effective command line, with the YAML scalar it came from. */
export interface CommandToken {
  text: string;
  /** The scalar holding the token; undefined for words of the image's implicit entrypoint. */
  path?: YamlPath;
  source: 'command' | 'args' | 'entrypoint';
  /** A word inside a shell script string (`sh -c "…"`): readable, but not editable on its own. */
  inScript: boolean;
}

export interface CommandPaths {
  command: YamlPath;
  args: YamlPath;
}

/**
 * `command` + `args` as the container runs them. Without `command` the image's entrypoint runs with
 * `args` appended, so the caller passes what it knows about that entrypoint.
 */
export function effectiveCommandLine(document: ManifestDocument, paths: CommandPaths, implicitEntrypoint: readonly string[] = []): CommandToken[] {
  const command = stringItems(document, paths.command, 'command');
  const args = stringItems(document, paths.args, 'args');
  const head: CommandToken[] = command.length
    ? command
    : implicitEntrypoint.map((text) => ({ text, source: 'entrypoint' as const, inScript: false }));
  return expandShellScripts([...head, ...args]);
}

function stringItems(document: ManifestDocument, path: YamlPath, source: 'command' | 'args'): CommandToken[] {
  const node = document.nodeAt(path);
  if (!isSeq(node)) return [];
  const out: CommandToken[] = [];
  node.items.forEach((item, index) => {
    if (!isScalar(item)) return;
    const value = item.value;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out.push({ text: String(value), path: [...path, index], source, inScript: false });
  });
  return out;
}

const SHELLS = /^(?:.*\/)?(?:sh|bash|dash|zsh|ash)$/;

/** `["/bin/sh", "-c", "vllm serve x --port 8000"]` → the script's words, so flags inside it are still seen. */
function expandShellScripts(tokens: CommandToken[]): CommandToken[] {
  const shellAt = tokens.findIndex((t, i) => SHELLS.test(t.text) && /^-[a-z]*c[a-z]*$/.test(tokens[i + 1]?.text ?? ''));
  if (shellAt === -1 || !tokens[shellAt + 2]) return tokens;
  const script = tokens[shellAt + 2];
  const words = splitShellWords(script.text).map((text) => ({ text, path: script.path, source: script.source, inScript: true }));
  return [...tokens.slice(0, shellAt + 2), ...words, ...tokens.slice(shellAt + 3)];
}

export function splitShellWords(script: string): string[] {
  const words: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\\\n)|([^\s"']+)/g;
  let current = '';
  let last = 0;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(script))) {
    if (/\s/.test(script.slice(last, match.index)) && current) {
      words.push(current);
      current = '';
    }
    if (match[3] === undefined) current += match[1] ?? match[2] ?? match[4];
    last = pattern.lastIndex;
  }
  if (current) words.push(current);
  return words;
}

export function commandLineText(tokens: readonly CommandToken[]): string {
  return tokens.map((t) => (/\s/.test(t.text) || t.text === '' ? JSON.stringify(t.text) : t.text)).join(' ');
}
