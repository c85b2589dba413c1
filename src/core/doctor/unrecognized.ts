import { evidenceText } from './redact.js';
import { UNRECOGNIZED_FAILURE, type ContextLine, type Evidence, type Finding } from './types.js';

/**
 * "Something useful when nothing matches": the lines of a log that show a failure although no signature explains
 * them, ranked by how specific they are, so the doctor can point at the most specific one and say what to search.
 */

/** Lower is more specific. */
export const FAILURE_RANK = { tracebackException: 0, looseException: 1, errorLine: 2, nonZeroExit: 3, warningEvent: 4 } as const;

export interface FailureLine {
  rank: number;
  evidence: Evidence;
  /** Order over every line fed, across sources: the later of two equally specific lines wins. */
  order: number;
  /** Log lines only: the lines just above it in its source (oldest first, at most RECENT_LINES), as read. */
  before?: string[];
  /** Log lines only: the lines just below it, as they arrive (at most CONTEXT_AFTER). */
  after?: string[];
}

/** How many lines above a failure line are kept: enough to reach the innermost frame of a Python 3.11+ traceback. */
export const RECENT_LINES = 8;
/** Lines of context shown above and below the evidence line. */
export const CONTEXT_BEFORE = 4;
export const CONTEXT_AFTER = 2;

const FRAME = /File "([^"]+)", line (\d+)(?:, in (\S+))?/;

/** The innermost traceback frame above an exception line: the last `File "…", line N` among the lines before it. */
export function rootFrame(failure: FailureLine): Evidence | undefined {
  if (failure.rank !== FAILURE_RANK.tracebackException || !failure.before) return undefined;
  const { before, evidence } = failure;
  for (let i = before.length - 1; i >= 0; i--) {
    const match = FRAME.exec(before[i]);
    if (match) return { source: evidence.source, line: evidence.line - (before.length - i), text: evidenceText(before[i].slice(match.index)) };
  }
  return undefined;
}

/** The lines around the evidence line, numbered: a few above (from the innermost frame on, when it is further up), the line, a few below. */
export function contextLines(failure: FailureLine, frame: Evidence | undefined): ContextLine[] | undefined {
  if (!failure.before) return undefined;
  const { before, evidence } = failure;
  const from = Math.min(before.length - Math.min(CONTEXT_BEFORE, before.length), frame ? before.length - (evidence.line - frame.line) : before.length);
  const lines: ContextLine[] = before.slice(from).map((text, i) => ({ line: evidence.line - (before.length - from) + i, text: evidenceText(text) }));
  lines.push({ line: evidence.line, text: evidence.text });
  (failure.after ?? []).forEach((text, i) => lines.push({ line: evidence.line + 1 + i, text: evidenceText(text) }));
  return lines;
}

/** One test for most lines: a line without any of these cannot show a failure. */
/** Also valid as `grep -E`: the doctor's block scan looks for its literals to skip lines that cannot show a failure. */
export const FAILURE_HINT_PATTERN = 'Error|ERROR|Exception|FATAL|Fatal|CRITICAL|[Ee]xit|Warning|Traceback|panic';
const HINT = new RegExp(FAILURE_HINT_PATTERN);
const ERROR_LEVEL = /\b(?:ERROR|FATAL|CRITICAL)\b|level=(?:error|fatal)|^\s*(?:Error|Fatal|panic)\b|\[(?:error|fatal)\]|(?:^|\s)docker: Error/;
/** The message after a log prefix ("ERROR 05-27 11:47:57 [core.py:396] "), to skip traceback frames and blank error lines. */
const ERROR_PREFIX = /^.*?\b(?:ERROR|FATAL|CRITICAL)\b[^\]]*\]/;
const NONZERO_EXIT = /[Ee]xit ?[Cc]ode[:=]? *-?[1-9]\d*|exited with (?:code|status) -?[1-9]|returned non-zero exit status|exit status [1-9]/;
const WARNING_EVENT = /^\s*Warning\s+[A-Z][A-Za-z]+\b/;

/** False for most lines, cheaply: they cannot show a failure (nor start a traceback). */
export function mayShowFailure(line: string): boolean {
  return HINT.test(line);
}

/**
 * How specific a failure the line shows, or undefined when it shows none. `isException`: the line names an exception
 * (exceptionType); `inTraceback`: a Traceback line came before it in its source.
 */
export function failureRank(line: string, isException: boolean, inTraceback: boolean): number | undefined {
  if (isException) return inTraceback ? FAILURE_RANK.tracebackException : FAILURE_RANK.looseException;
  if (ERROR_LEVEL.test(line) && isMessage(line)) return FAILURE_RANK.errorLine;
  if (NONZERO_EXIT.test(line)) return FAILURE_RANK.nonZeroExit;
  if (WARNING_EVENT.test(line)) return FAILURE_RANK.warningEvent;
  return undefined;
}

/** An error line with a message of its own, not a traceback frame or code line printed under an ERROR prefix. */
function isMessage(line: string): boolean {
  const body = line.replace(ERROR_PREFIX, '');
  return /\w{3}/.test(body) && !/^\s{2,}|^\s*(?:File "|Traceback|\^|~)/.test(body);
}

export interface Project {
  name: string;
  issues: string;
}

const PROJECTS: Array<{ test: RegExp; project: Project }> = [
  { test: /vllm[_-]omni/i, project: { name: 'vLLM-omni', issues: 'https://github.com/vllm-project/vllm-omni/issues' } },
  { test: /\bsglang\b/i, project: { name: 'SGLang', issues: 'https://github.com/sgl-project/sglang/issues' } },
  { test: /text[_-]generation/, project: { name: 'Text Generation Inference', issues: 'https://github.com/huggingface/text-generation-inference/issues' } },
  { test: /\bvllm\b|EngineCore|VllmWorker|\(APIServer pid=/i, project: { name: 'vLLM', issues: 'https://github.com/vllm-project/vllm/issues' } },
  { test: /\bnimlib\b|\/opt\/nim\b|\bNIM\b/, project: { name: 'NVIDIA NIM', issues: 'https://forums.developer.nvidia.com/search' } },
];
const ANY_PROJECT = new RegExp(PROJECTS.map((p) => p.test.source).join('|'), 'i');

/** The serving project a log line belongs to (a traceback path, a process prefix), if it says. */
export function projectOf(line: string): Project | undefined {
  if (!ANY_PROJECT.test(line)) return undefined;
  return PROJECTS.find((p) => p.test.test(line))?.project;
}

/** The stable start of the message to search for: from the exception type on, before ids, numbers and paths. */
export function searchText(text: string): string {
  const exception = /(?:^|[\s\]|])((?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:Error|Exception|Exit))(?::\s|:?$)/.exec(text);
  const json = /"message": ?"((?:[^"\\]|\\.)*)/.exec(text);
  let message = exception ? text.slice(exception.index + exception[0].indexOf(exception[1])).replace(/^(?:[A-Za-z_]\w*\.)+/, '') : json ? json[1] : text.replace(ERROR_PREFIX, '');
  if (!exception && WARNING_EVENT.test(message)) message = message.trim().split(/\s{2,}/).pop() ?? message;
  const words: string[] = [];
  for (const word of message.trim().split(/\s+/)) {
    if (words.length >= 3 && /[\d/'"`(]/.test(word)) break;
    words.push(word);
    if (words.length >= 14) break;
  }
  return words.join(' ').replace(/["`]/g, '').replace(/[.,:;]$/, '');
}

/** "Search vLLM's issues for the exact message: <url>". */
export function searchHint(project: Project | undefined, evidence: string): string {
  return `search ${project ? `${project.name}'s issues` : 'public issue trackers'} for the exact message: ${searchUrl(project, searchText(evidence))}`;
}

function searchUrl(project: Project | undefined, text: string): string {
  if (!project) return `https://github.com/search?type=issues&q=${encodeURIComponent(`"${text}"`)}`;
  if (project.issues.includes('github.com')) return `${project.issues}?q=${encodeURIComponent(`is:issue "${text}"`)}`;
  return `${project.issues}?q=${encodeURIComponent(text)}`;
}

const EXIT_FIX = 'The container exited with an error and no log line says why: read its log.';
const PREVIOUS_LOG = "If the container restarted, diagnose the crashed instance too: kubectl logs --previous, or ies doctor on the NIMService or pod/NAME, which reads every container's previous log.";

/** The one finding for a failure no signature explains: the most specific line as evidence, and what to search. */
export function unrecognizedFinding(best: FailureLine, first: FailureLine | undefined, project: Project | undefined): Finding {
  const frame = rootFrame(best);
  const context = contextLines(best, frame);
  const root = frame ? ` The root of the traceback: ${frame.text} (line ${frame.line}), raising ${best.evidence.text.trim()}.` : '';
  const firstLine = first && (first.evidence.source !== best.evidence.source || first.evidence.line !== best.evidence.line) ? ` The first error line was ${first.evidence.source}:${first.evidence.line}: ${first.evidence.text.trim()}` : '';
  const finding: Finding = {
    signature: UNRECOGNIZED_FAILURE,
    title: 'Failure not recognized',
    severity: 'warning',
    role: 'cause',
    cause: `The log shows a failure that matches none of the known causes; the evidence is its most specific line (the last exception of the last traceback, else the last error line).${root}${firstLine}`,
    fix: best.rank === FAILURE_RANK.nonZeroExit ? `${EXIT_FIX} ${PREVIOUS_LOG}` : `${capitalize(searchHint(project, best.evidence.text))} . ${PREVIOUS_LOG}`,
    evidence: best.evidence,
    count: 1,
  };
  if (frame) finding.rootFrame = frame;
  if (context) finding.context = context;
  if (best.rank !== FAILURE_RANK.nonZeroExit) finding.search = searchText(best.evidence.text);
  return finding;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
