import { containerStatusLines, eventLine, podStatusLines, type ContainerStatusFacts, type EventFacts, type PodFacts } from './clusterFacts.js';
import { exceptionType, isRaiseStatement, startsTraceback } from './exceptionLine.js';
import { combinedKeywordRegExp, keywordLiteralScanner, type LiteralScanner } from './prefilter.js';
import { evidenceText } from './redact.js';
import { literal } from './signature.js';
import { SignatureIndex, type Candidates } from './signatureIndex.js';
import { SIGNATURES, type Signature } from './signatures.js';
import type { Evidence, Finding, SignatureRole } from './types.js';
import { CONTEXT_AFTER, FAILURE_HINT_PATTERN, FAILURE_RANK, failureRank, mayShowFailure, projectOf, RECENT_LINES, searchHint, unrecognizedFinding, type FailureLine, type Project } from './unrecognized.js';

interface Occurrence {
  signature: Signature;
  evidence: Evidence;
  count: number;
  /** Order of first occurrence over everything fed, the tie-breaker after role and severity. */
  seq: number;
  wraps?: string;
  wrapperEvidence?: Evidence;
  /** Recorded only from lines a context-gated row held (index): that row's confirmation withdraws it. */
  standIn?: number;
}

interface ExceptionSeen {
  type: string;
  evidence: Evidence;
}

/** What the doctor remembers per source: O(1) however long the log, beyond findings not yet confirmed by context. */
interface SourceState {
  name: string;
  lines: number;
  contextSeen: boolean[];
  /** Context-gated matches (e.g. "no kernel image" before anything said nunchaku), by signature index. */
  pending: Map<number, Occurrence>;
  inTraceback: boolean;
  tracebackException?: ExceptionSeen;
  looseException?: ExceptionSeen;
  /** The first non-wrapper finding in this source: what a wrapper below it wraps. */
  firstWrappable?: { signature: string; evidence: Evidence };
  /** Per failure rank, the last line that shows a failure no signature explained (see unrecognized.ts). */
  failures: Array<FailureLine | undefined>;
  /** The first exception or error line no signature explained. */
  firstFailure?: FailureLine;
  /** The serving project the log belongs to, once a failure line or a traceback frame says. */
  project?: Project;
  /** The last RECENT_LINES lines, a ring by line number: the context above a failure line no signature explained. */
  recent: string[];
  /** The failure line whose following lines are being kept as its context. */
  collecting?: FailureLine;
}

/** How far into a log its banner (the server's name and version) is looked for. */
const PROJECT_BANNER_LINES = 200;

const ROLE_RANK: Record<SignatureRole, number> = { cause: 0, symptom: 1, wrapper: 2 };

/**
 * The failure doctor, one line at a time, for live log streams (`kubectl logs -f`, the simulator). Most lines
 * cost one combined keyword test; `findings()` may be called at any point and equals `diagnose()` over the
 * same lines.
 */
export class StreamingDoctor {
  private readonly signatures: readonly Signature[];
  private readonly prefilter: RegExp;
  /** Which signatures a line may concern; undefined: every line passing the prefilter is tested against all. */
  private readonly index: SignatureIndex | undefined;
  private readonly everySignature: Candidates;
  /** Literals one of which every line `feed` could act on contains (keywords, failure words, traceback frames). */
  private readonly blockScanner: LiteralScanner | undefined;
  private readonly defaultSource: string;
  private readonly sources = new Map<string, SourceState>();
  private readonly occurrences = new Map<string, Occurrence>();
  private lastSource: SourceState | undefined;
  private seq = 0;
  private totalLines = 0;

  constructor(options: { source?: string; signatures?: readonly Signature[] } = {}) {
    this.signatures = options.signatures ?? SIGNATURES;
    this.prefilter = combinedKeywordRegExp(this.signatures);
    this.index = SignatureIndex.build(this.signatures);
    const all = this.signatures.map((_, i) => i);
    this.everySignature = { patterns: all, contexts: all.filter((i) => this.signatures[i].context) };
    this.blockScanner = keywordLiteralScanner(this.signatures, [FAILURE_HINT_PATTERN, literal('File "')]);
    this.defaultSource = options.source ?? 'log';
  }

  /** Lines fed so far, over all sources. */
  get linesSeen(): number {
    return this.totalLines;
  }

  feed(line: string, source: string = this.defaultSource): void {
    const state = this.lastSource?.name === source ? this.lastSource : this.stateFor(source);
    const lineNumber = ++state.lines;
    this.totalLines++;
    if (state.collecting) collectAfter(state, line);
    const rank = mayShowFailure(line) ? this.trackFailure(state, line, lineNumber) : undefined;
    const candidates = this.index ? this.index.candidates(line) : this.prefilter.test(line) ? this.everySignature : undefined;
    const matched = candidates !== undefined && !isRaiseStatement(line) && this.match(state, line, lineNumber, candidates);
    // A log names its server in its banner, its failure lines or its traceback frames.
    if (state.project === undefined && (rank !== undefined || lineNumber <= PROJECT_BANNER_LINES || line.includes('File "'))) state.project = projectOf(line);
    if (rank !== undefined && !matched) {
      const failure: FailureLine = { rank, evidence: this.evidence(state, line, lineNumber), order: this.totalLines };
      if (rank <= FAILURE_RANK.errorLine) {
        failure.before = recentLines(state, lineNumber);
        state.collecting = failure;
      }
      state.failures[rank] = failure;
      if (rank <= 2) state.firstFailure ??= failure;
    }
    state.recent[lineNumber % RECENT_LINES] = line;
  }

  /**
   * Lines separated by `\n` (the last one may lack it), `text` from `from` to `to`, as a log file or stream chunk
   * arrives: the same as `feed` on each line, but one scan finds the lines that contain a keyword or a failure word,
   * and only those (and a source's first lines, where its banner is, and a failure's following lines) go through
   * `feed`; the others are only counted and kept as context. Pass the decoded chunk itself with a range rather than
   * a slice or a concatenation of it: scanning a flat string is twice as fast.
   */
  feedBlock(text: string, source: string = this.defaultSource, from = 0, to = text.length): void {
    if (to <= from) return;
    const scanner = this.blockScanner;
    const end = text.charCodeAt(to - 1) === 10 ? to - 1 : to;
    let start = from;
    while (start <= end) {
      const state = this.lastSource?.name === source ? this.lastSource : this.stateFor(source);
      if (scanner === undefined || state.collecting || state.lines < PROJECT_BANNER_LINES) {
        const newline = lineEnd(text, start, end);
        this.feed(text.slice(start, newline), source);
        start = newline + 1;
        continue;
      }
      const hit = scanner.indexOfOccurrence(text, start, end);
      const lineStart = hit === -1 ? end + 1 : Math.max(start, text.lastIndexOf('\n', hit) + 1);
      if (lineStart > start) this.skip(state, text, start, lineStart);
      if (hit === -1) return;
      const newline = lineEnd(text, hit, end);
      this.feed(text.slice(lineStart, newline), source);
      start = newline + 1;
    }
  }

  feedLines(lines: Iterable<string>, source: string = this.defaultSource): void {
    for (const line of lines) this.feed(line, source);
  }

  /** A pod's eviction reason and its containers' states, each container as its own source. */
  feedPod(pod: PodFacts): void {
    const name = pod.metadata?.name ?? 'pod';
    for (const { container, line } of podStatusLines(pod)) this.feed(line, statusSource(name, container));
  }

  feedContainerStatus(status: ContainerStatusFacts, pod = 'pod'): void {
    for (const line of containerStatusLines(status)) this.feed(line, statusSource(pod, status.name));
  }

  feedEvent(event: EventFacts): void {
    const line = eventLine(event);
    if (line !== undefined) this.feed(line, 'events');
  }

  /**
   * Deduplicated findings, root cause first: specific causes, then generic ones, then symptoms, then wrappers; errors
   * before warnings; then first seen. A finding another one supersedes is left out. When no specific cause and no
   * wrapper explains the log but it shows a failure, one unrecognized-failure finding comes first.
   */
  findings(): Finding[] {
    const all = [...this.occurrences.values()];
    const superseded = new Set(all.flatMap((o) => o.signature.supersedes ?? []));
    const ranked = all.filter((o) => !superseded.has(o.signature.id)).sort((a, b) => rank(a) - rank(b) || severityRank(a) - severityRank(b) || a.seq - b.seq);
    const findings = ranked.map((o) => toFinding(o, this.signatures, this.sources.get(o.evidence.source)?.project));
    const explained = ranked.some((o) => (o.signature.role === 'cause' && !o.signature.generic) || o.signature.role === 'wrapper');
    const unrecognized = explained ? undefined : this.unrecognized();
    return unrecognized ? [unrecognized, ...findings] : findings;
  }

  /** The most specific failure line no signature explained, over all sources (the later of two equal ones). */
  private unrecognized(): Finding | undefined {
    let best: { failure: FailureLine; state: SourceState } | undefined;
    for (const state of this.sources.values()) {
      const failure = state.failures.find((f) => f !== undefined);
      if (failure && (!best || failure.rank < best.failure.rank || (failure.rank === best.failure.rank && failure.order > best.failure.order))) best = { failure, state };
    }
    return best && unrecognizedFinding(best.failure, best.state.firstFailure, best.state.project);
  }

  /** Lines `block[from, to)` (whole lines, the last one ending at to - 1) that no signature or failure word concerns. */
  private skip(state: SourceState, block: string, from: number, to: number): void {
    let count = 0;
    for (let newline = block.indexOf('\n', from); newline !== -1 && newline < to - 1; newline = block.indexOf('\n', newline + 1)) count++;
    count++;
    // Only the last RECENT_LINES of them can still be needed as the context above a failure line.
    let lineEndAt = to - 1;
    for (let n = 0; n < Math.min(count, RECENT_LINES); n++) {
      const lineStartAt = n === count - 1 ? from : block.lastIndexOf('\n', lineEndAt - 1) + 1;
      state.recent[(state.lines + count - n) % RECENT_LINES] = block.slice(lineStartAt, lineEndAt);
      lineEndAt = lineStartAt - 1;
    }
    state.lines += count;
    this.totalLines += count;
  }

  private stateFor(source: string): SourceState {
    let state = this.sources.get(source);
    if (!state) {
      state = { name: source, lines: 0, contextSeen: this.signatures.map(() => false), pending: new Map(), inTraceback: false, failures: [], recent: [] };
      this.sources.set(source, state);
    }
    this.lastSource = state;
    return state;
  }

  /** Tracebacks and exceptions (what a wrapper points at) and how specific a failure the line shows. */
  private trackFailure(state: SourceState, line: string, lineNumber: number): number | undefined {
    if (startsTraceback(line)) {
      state.inTraceback = true;
      return undefined;
    }
    const type = exceptionType(line);
    if (type !== undefined && state.tracebackException === undefined) {
      if (state.inTraceback) state.tracebackException = { type, evidence: this.evidence(state, line, lineNumber) };
      else state.looseException ??= { type, evidence: this.evidence(state, line, lineNumber) };
    }
    return failureRank(line, type !== undefined, state.inTraceback);
  }

  /** Records (or holds) the first row matching the line; false when none does. */
  private match(state: SourceState, line: string, lineNumber: number, candidates: Candidates): boolean {
    for (const i of candidates.contexts) {
      const context = this.signatures[i].context!;
      if (!state.contextSeen[i] && context.pattern.test(line)) {
        state.contextSeen[i] = true;
        this.confirmPending(state, i);
      }
    }
    let heldBy: number | undefined;
    for (const i of candidates.patterns) {
      const signature = this.signatures[i];
      if (!signature.patterns.some((p) => p.test(line))) continue;
      if (signature.context && !state.contextSeen[i]) {
        // Held until its context shows; meanwhile a later row may explain the line (a full disk where /dev/shm
        // was not involved), and is withdrawn if the held row is confirmed after all.
        if (heldBy === undefined) {
          this.hold(state, i, line, lineNumber);
          heldBy = i;
        }
        continue;
      }
      this.record(state, signature, line, lineNumber, heldBy);
      return true;
    }
    return heldBy !== undefined;
  }

  private record(state: SourceState, signature: Signature, line: string, lineNumber: number, standInFor?: number): void {
    const known = this.occurrences.get(signature.id);
    if (known && standInFor === undefined) delete known.standIn;
    if (signature.role !== 'wrapper' && !state.firstWrappable) {
      state.firstWrappable = { signature: signature.id, evidence: known?.evidence.source === state.name ? known.evidence : this.evidence(state, line, lineNumber) };
    }
    if (known) {
      known.count++;
      return;
    }
    const evidence = this.evidence(state, line, lineNumber);
    const occurrence: Occurrence = { signature, evidence, count: 1, seq: this.seq++, ...(standInFor === undefined ? {} : { standIn: standInFor }) };
    if (signature.role === 'wrapper') Object.assign(occurrence, this.unwrap(state, evidence));
    this.occurrences.set(signature.id, occurrence);
  }

  /** A wrapper's evidence is what it wraps: the first finding above it in its source, else the first exception there. */
  private unwrap(state: SourceState, own: Evidence): Pick<Occurrence, 'evidence' | 'wraps' | 'wrapperEvidence'> {
    if (state.firstWrappable) return { evidence: state.firstWrappable.evidence, wraps: state.firstWrappable.signature, wrapperEvidence: own };
    const exception = [state.tracebackException, state.looseException].find((e) => e !== undefined && e.evidence.line < own.line);
    if (exception) return { evidence: exception.evidence, wraps: exception.type, wrapperEvidence: own };
    return { evidence: own };
  }

  private hold(state: SourceState, index: number, line: string, lineNumber: number): void {
    const held = state.pending.get(index);
    if (held) held.count++;
    else state.pending.set(index, { signature: this.signatures[index], evidence: this.evidence(state, line, lineNumber), count: 1, seq: this.seq++ });
  }

  private confirmPending(state: SourceState, index: number): void {
    const held = state.pending.get(index);
    if (!held) return;
    state.pending.delete(index);
    for (const [id, occurrence] of this.occurrences) if (occurrence.standIn === index) this.occurrences.delete(id);
    const known = this.occurrences.get(held.signature.id);
    if (!known) this.occurrences.set(held.signature.id, held);
    else if (held.seq < known.seq) this.occurrences.set(held.signature.id, { ...held, count: held.count + known.count });
    else known.count += held.count;
  }

  private evidence(state: SourceState, line: string, lineNumber: number): Evidence {
    return { source: state.name, line: lineNumber, text: evidenceText(line) };
  }
}

/** Where the line that contains `from` ends: its newline, or `end` (the block's last line has none). */
function lineEnd(text: string, from: number, end: number): number {
  const newline = text.indexOf('\n', from);
  return newline === -1 || newline > end ? end : newline;
}

/** The lines above `lineNumber` still in the source's ring, oldest first. */
function recentLines(state: SourceState, lineNumber: number): string[] {
  const lines: string[] = [];
  for (let n = Math.max(1, lineNumber - RECENT_LINES); n < lineNumber; n++) lines.push(state.recent[n % RECENT_LINES]);
  return lines;
}

function collectAfter(state: SourceState, line: string): void {
  const failure = state.collecting!;
  (failure.after ??= []).push(line);
  if (failure.after.length >= CONTEXT_AFTER) state.collecting = undefined;
}

function statusSource(pod: string, container: string | undefined): string {
  return container ? `pod/${pod} container/${container} status` : `pod/${pod} status`;
}

function severityRank(o: Occurrence): number {
  return o.signature.severity === 'error' ? 0 : 1;
}

/** Specific causes, generic causes, symptoms, wrappers. */
function rank(o: Occurrence): number {
  return ROLE_RANK[o.signature.role] * 2 + (o.signature.generic ? 1 : 0);
}

function toFinding(o: Occurrence, signatures: readonly Signature[], project: Project | undefined): Finding {
  const s = o.signature;
  const wrapped = o.wraps === undefined ? undefined : signatures.find((w) => w.id === o.wraps);
  const refined = s.role === 'wrapper' ? undefined : s.refine?.(o.evidence.text);
  let fix = refined?.fix ?? s.fix;
  if (wrapped) fix = `Fix the wrapped ${wrapped.id} first: ${wrapped.refine?.(o.evidence.text)?.fix ?? wrapped.fix}`;
  else if (o.wraps !== undefined) fix = `${s.fix} It matches no known cause: ${searchHint(project, o.evidence.text)}`;
  const finding: Finding = { signature: s.id, title: s.title, severity: s.severity, role: s.role, cause: s.cause, fix, evidence: o.evidence, count: o.count };
  const manifestFix = refined ? refined.manifestFix : s.manifestFix;
  if (manifestFix) finding.manifestFix = manifestFix;
  if (o.wraps !== undefined) finding.wraps = o.wraps;
  if (o.wrapperEvidence) finding.wrapperEvidence = o.wrapperEvidence;
  return finding;
}
