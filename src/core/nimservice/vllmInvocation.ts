import type { CommandToken } from './commandLine.js';

export interface VllmFlag {
  name: string;
  nameToken: CommandToken;
  value?: string;
  /** The separate value word; undefined for `--flag=value` (see `inline`) and boolean flags. */
  valueToken?: CommandToken;
  inline: boolean;
  index: number;
}

export interface VllmModel {
  id: string;
  token: CommandToken;
  index: number;
  viaFlag: boolean;
}

/**
 * A parsed server command line: `vllm serve …` / `python -m vllm.entrypoints.openai.api_server …` (vLLM),
 * `python -m sglang.launch_server …` (SGLang), `text-generation-launcher …` (TGI). The name stays for history;
 * every server shares the `--flag value` / `--flag=value` grammar.
 */
export interface VllmInvocation {
  kind: 'serve' | 'api-server' | 'sglang' | 'tgi';
  /** Index of the first token after `serve` / the module name. */
  argsStart: number;
  model?: VllmModel;
  positionals: Array<{ token: CommandToken; index: number }>;
  flags: VllmFlag[];
}

const BOOLEAN_FLAGS = new Set([
  'omni', 'trust-remote-code', 'enforce-eager', 'headless', 'help', 'version', 'async-scheduling',
  'skip-tokenizer-init', 'use-v2-block-manager', 'allow-credentials',
  // SGLang and TGI switches
  'is-embedding', 'skip-server-warmup', 'log-requests', 'json-output', 'disable-custom-kernels',
]);
const SHELL_OPERATORS = new Set(['&&', '||', ';', '|', '&']);

export function parseVllmInvocation(tokens: readonly CommandToken[]): VllmInvocation | undefined {
  const start = findStart(tokens);
  if (!start) return undefined;
  const flags: VllmFlag[] = [];
  const positionals: VllmInvocation['positionals'] = [];
  for (let i = start.argsStart; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.inScript && SHELL_OPERATORS.has(token.text)) break;
    if (!isFlag(token.text)) {
      positionals.push({ token, index: i });
      continue;
    }
    const eq = token.text.indexOf('=');
    if (eq !== -1) {
      flags.push({ name: normalizeFlag(token.text.slice(0, eq)), nameToken: token, value: token.text.slice(eq + 1), inline: true, index: i });
      continue;
    }
    const name = normalizeFlag(token.text);
    const next = tokens[i + 1];
    if (takesValue(name) && next && !isFlag(next.text) && !(next.inScript && SHELL_OPERATORS.has(next.text))) {
      flags.push({ name, nameToken: token, value: next.text, valueToken: next, inline: false, index: i });
      i++;
    } else {
      flags.push({ name, nameToken: token, inline: false, index: i });
    }
  }
  return { kind: start.kind, argsStart: start.argsStart, flags, positionals, model: findModel(start.kind, positionals, flags) };
}

export function findFlag(invocation: VllmInvocation | undefined, ...names: string[]): VllmFlag | undefined {
  return invocation?.flags.find((f) => names.includes(f.name));
}

/** Largest tensor × pipeline parallel size on the command line (1 when absent or unreadable). */
export function commandLineParallelism(invocation: VllmInvocation | undefined): number {
  const size = (flag: VllmFlag | undefined) => {
    const n = Number(flag?.value);
    return Number.isInteger(n) && n > 0 ? n : 1;
  };
  return size(findFlag(invocation, 'tensor-parallel-size', 'tp')) * size(findFlag(invocation, 'pipeline-parallel-size', 'pp'));
}

function findStart(tokens: readonly CommandToken[]): { kind: VllmInvocation['kind']; argsStart: number } | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i].text;
    const next = tokens[i + 1]?.text ?? '';
    if (/^(?:.*\/)?vllm$/.test(word) && next === 'serve') return { kind: 'serve', argsStart: i + 2 };
    if (word === '-m' && /^vllm\.entrypoints\.openai\.api_server$/.test(next)) return { kind: 'api-server', argsStart: i + 2 };
    if (word === '-m' && /^sglang(?:_router)?\.launch_server$/.test(next)) return { kind: 'sglang', argsStart: i + 2 };
    if (/^(?:.*\/)?text-generation-launcher$/.test(word)) return { kind: 'tgi', argsStart: i + 1 };
  }
  return undefined;
}

/** Flags that name the model: vLLM `--model`, SGLang `--model-path`, TGI `--model-id`. */
const MODEL_FLAGS = ['model', 'model-path', 'model-id'];

function findModel(kind: VllmInvocation['kind'], positionals: VllmInvocation['positionals'], flags: VllmFlag[]): VllmModel | undefined {
  if (kind === 'serve' && positionals[0]) return { id: positionals[0].token.text, token: positionals[0].token, index: positionals[0].index, viaFlag: false };
  const flag = flags.find((f) => MODEL_FLAGS.includes(f.name));
  if (flag?.value === undefined) return undefined;
  return { id: flag.value, token: flag.valueToken ?? flag.nameToken, index: flag.index, viaFlag: true };
}

function isFlag(word: string): boolean {
  return /^--?[A-Za-z]/.test(word);
}

function normalizeFlag(word: string): string {
  return word.replace(/^--?/, '').replace(/_/g, '-');
}

function takesValue(name: string): boolean {
  return !BOOLEAN_FLAGS.has(name) && !/^(enable|disable|no)-/.test(name);
}
