import { SIGNATURES, type Signature } from './signatures.js';

/**
 * One alternation of every signature's keywords (and context keywords). A line that does not match it
 * cannot match any signature, so most lines cost a single regex test. The same text works with `grep -E`,
 * which the benchmark uses as its peer. Keywords are grouped by their first character (`E(rrno|ngine…)`):
 * a backtracking engine then tries one branch per position instead of every keyword, which keeps the test as fast
 * with a hundred keywords as it was with fifty.
 */
export function combinedKeywordPattern(signatures: readonly Signature[] = SIGNATURES): string {
  const keywords = allKeywords(signatures);
  const byFirst = new Map<string, string[]>();
  const ungrouped: string[] = [];
  for (const keyword of keywords) {
    const first = /^(?:\\.|[^\\[(.*+?^$|{])/.exec(keyword)?.[0];
    if (first === undefined || hasTopLevelAlternation(keyword)) ungrouped.push(keyword);
    else byFirst.set(first, [...(byFirst.get(first) ?? []), keyword.slice(first.length)]);
  }
  const grouped = [...byFirst].map(([first, tails]) => (tails.length === 1 ? first + tails[0] : `${first}(${tails.join('|')})`));
  return [...grouped, ...ungrouped].join('|');
}

/** The combined pattern as a RegExp whose `test` is fast on lines without any keyword (see PrefilteredRegExp). */
export function combinedKeywordRegExp(signatures: readonly Signature[] = SIGNATURES): RegExp {
  return new PrefilteredRegExp(combinedKeywordPattern(signatures), keywordLiteralScanner(signatures));
}

function allKeywords(signatures: readonly Signature[]): Set<string> {
  const keywords = new Set<string>();
  for (const signature of signatures) {
    for (const keyword of signature.keywords) keywords.add(keyword);
    for (const keyword of signature.context?.keywords ?? []) keywords.add(keyword);
  }
  return keywords;
}

/** `a|b` outside any group or bracket expression: such a keyword cannot be put behind a shared first character. */
function hasTopLevelAlternation(keyword: string): boolean {
  let depth = 0;
  let bracket = false;
  for (let i = 0; i < keyword.length; i++) {
    const c = keyword[i];
    if (c === '\\') i++;
    else if (bracket) bracket = c !== ']';
    else if (c === '[') bracket = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

/**
 * `combinedKeywordRegExp` whose `test` first asks a literal scanner: one pass over the line through an Aho-Corasick
 * automaton of the literals every keyword match must contain (`sm_(90|100)` needs "sm_90" or "sm_100"). A line
 * without any of them cannot match, and most log lines are rejected there at a few nanoseconds a character; only
 * lines the scanner passes run the alternation itself, which costs a branch per position and character class.
 * `test` answers exactly what the plain RegExp answers.
 */
class PrefilteredRegExp extends RegExp {
  private readonly plain: RegExp;

  constructor(pattern: string, private readonly scanner: LiteralScanner | undefined) {
    super(pattern);
    this.plain = new RegExp(pattern);
  }

  override test(line: string): boolean {
    return (this.scanner === undefined || this.scanner.occursIn(line)) && this.plain.test(line);
  }
}

/** The scanner behind a prefilter: undefined when some keyword has no literal it must contain (then every line is tested). */
export function keywordLiteralScanner(signatures: readonly Signature[] = SIGNATURES, extraFragments: readonly string[] = []): LiteralScanner | undefined {
  const literals: string[] = [];
  for (const keyword of [...allKeywords(signatures), ...extraFragments]) {
    const required = requiredLiterals(keyword);
    if (required === undefined) return undefined;
    literals.push(...required);
  }
  return new LiteralScanner(literals);
}

/** At most this many strings are kept when a run of characters, classes and groups is expanded (`[Ee]xit ?[Cc]ode`). */
const MAX_EXPANSION = 64;

/**
 * Literals one of which occurs in every match of an ERE fragment (that is also a JavaScript RegExp), or undefined when
 * the fragment uses something this reading does not know (then it may match anything). A run of literal characters,
 * small bracket expressions, optional parts and groups of such is expanded into its strings; `*`, `+`, `.`, negated
 * classes and escapes like `\d` end a run. Of all runs, the one whose shortest string is longest is kept.
 */
export function requiredLiterals(fragment: string): string[] | undefined {
  try {
    const parser = new FragmentParser(fragment);
    const info = parser.alternation();
    if (parser.pos !== fragment.length) return undefined;
    const best = info.required;
    return best && best.length > 0 && best.every((s) => s.length > 0) ? best : undefined;
  } catch {
    return undefined;
  }
}

interface FragmentInfo {
  /** Every string the part matches, when few. */
  exact?: string[];
  /** One of these occurs in every match (undefined: nothing known). */
  required?: string[];
}

class FragmentParser {
  pos = 0;

  constructor(private readonly text: string) {}

  alternation(): FragmentInfo {
    const branches = [this.sequence()];
    while (this.text[this.pos] === '|') {
      this.pos++;
      branches.push(this.sequence());
    }
    if (branches.length === 1) return branches[0];
    const exact = branches.every((b) => b.exact) ? unique(branches.flatMap((b) => b.exact!)) : undefined;
    const required = branches.every((b) => b.required) ? unique(branches.flatMap((b) => b.required!)) : undefined;
    return { exact: exact && exact.length <= MAX_EXPANSION ? exact : undefined, required };
  }

  private sequence(): FragmentInfo {
    let run = [''];
    let broken = false;
    let best: string[] | undefined;
    const close = (): void => {
      if (better(run, best)) best = run;
    };
    while (this.pos < this.text.length && this.text[this.pos] !== '|' && this.text[this.pos] !== ')') {
      const atom = this.atom();
      const quantifier = this.quantifier();
      let exact = atom.exact;
      if (quantifier === 'some' && exact) {
        // x+ is x x* and x* x: the run goes on into the first repetition, a new one starts with the last.
        const into = cross(run, exact);
        if (into && better(into, best)) best = into;
        else if (!into) close();
        broken = true;
        run = exact;
        continue;
      }
      if (quantifier === 'optional') exact = exact && unique([...exact, '']);
      else if (quantifier !== 'one') exact = undefined;
      const product: string[] | undefined = exact ? cross(run, exact) : undefined;
      if (product) {
        run = product;
        continue;
      }
      // The run ends here; what the atom itself needs (once, for `+` and `{1,}`) is a candidate of its own.
      close();
      broken = true;
      const needed = atom.required ?? atom.exact;
      if ((quantifier === 'one' || quantifier === 'some') && needed && better(needed, best)) best = needed;
      run = exact ?? [''];
    }
    close();
    return { exact: broken ? undefined : run, required: best };
  }

  private atom(): FragmentInfo {
    const c = this.text[this.pos++];
    if (c === '(') {
      if (this.text[this.pos] === '?') {
        if (this.text.startsWith('?:', this.pos)) this.pos += 2;
        else throw new Error('lookaround');
      }
      const inner = this.alternation();
      if (this.text[this.pos++] !== ')') throw new Error('unbalanced');
      return inner;
    }
    if (c === '[') return { exact: this.bracket() };
    if (c === '\\') {
      const e = this.text[this.pos++];
      if (e === undefined || /[A-Za-z0-9]/.test(e)) return {}; // \d, \s, \b, \w, \1 …: a class or an assertion
      return { exact: [e] };
    }
    if (c === '.' || c === '^' || c === '$') return {};
    if ('*+?{'.includes(c)) throw new Error('quantifier without atom');
    return { exact: [c] };
  }

  /** The characters of a bracket expression, undefined when negated, a named class or large. */
  private bracket(): string[] | undefined {
    const end = this.text.indexOf(']', this.pos + 1);
    if (end === -1) throw new Error('unbalanced');
    const body = this.text.slice(this.pos, end);
    this.pos = end + 1;
    if (body.startsWith('^') || body.includes('[') || body.includes('\\')) return undefined;
    const chars: string[] = [];
    for (let i = 0; i < body.length; i++) {
      if (body[i + 1] === '-' && i + 2 < body.length) {
        const from = body.charCodeAt(i);
        const to = body.charCodeAt(i + 2);
        if (to - from > 8) return undefined;
        for (let code = from; code <= to; code++) chars.push(String.fromCharCode(code));
        i += 2;
      } else chars.push(body[i]);
    }
    return chars.length > 0 && chars.length <= 8 ? unique(chars) : undefined;
  }

  private quantifier(): 'one' | 'optional' | 'some' | 'any' {
    const c = this.text[this.pos];
    if (c === '?') {
      this.pos++;
      return 'optional';
    }
    if (c === '*') {
      this.pos++;
      return 'any';
    }
    if (c === '+') {
      this.pos++;
      return 'some';
    }
    if (c === '{') {
      const m = /^\{(\d*)(,\d*)?\}/.exec(this.text.slice(this.pos));
      if (!m) throw new Error('brace');
      this.pos += m[0].length;
      return Number(m[1] || '0') >= 1 ? 'some' : 'any';
    }
    return 'one';
  }
}

function cross(a: string[], b: string[]): string[] | undefined {
  if (a.length * b.length > MAX_EXPANSION) return undefined;
  return unique(a.flatMap((x) => b.map((y) => x + y)));
}

function unique(strings: string[]): string[] {
  return [...new Set(strings)];
}

/** The set whose shortest string is longer (fewer strings on a tie); a set with the empty string says nothing. */
function better(candidate: string[], best: string[] | undefined): boolean {
  const shortest = (set: string[]) => Math.min(...set.map((s) => s.length));
  if (shortest(candidate) === 0) return false;
  if (best === undefined) return true;
  return shortest(candidate) > shortest(best) || (shortest(candidate) === shortest(best) && candidate.length < best.length);
}

/**
 * Whether any of a set of strings occurs in a line: an Aho-Corasick automaton as a dense table over the characters
 * the strings use (every other character is one class), so a line costs two table lookups per character.
 */
export class LiteralScanner {
  /** Character class per UTF-16 code unit: one table lookup, no branch on ASCII. */
  private readonly classOf = new Uint16Array(65536);
  /**
   * Row offset (state × classes) of the next state; where a literal has just been completed, -(that offset + 1), so
   * that the scan's only test is the sign.
   */
  private readonly next: Int32Array;
  private readonly classes: number;
  /** Per state, the literals (indexes into the constructor's list) that end there, its failure links' included. */
  private readonly completed: ReadonlyArray<readonly number[]>;

  constructor(literals: readonly string[]) {
    let classes = 1;
    for (const literal of literals) {
      for (let i = 0; i < literal.length; i++) {
        const code = literal.charCodeAt(i);
        if (this.classOf[code] === 0) this.classOf[code] = classes++;
      }
    }
    // The trie.
    const goto: Array<Map<number, number>> = [new Map()];
    const done: boolean[] = [false];
    const ends: number[][] = [[]];
    for (const [index, literal] of literals.entries()) {
      let state = 0;
      for (let i = 0; i < literal.length; i++) {
        const cls = this.classOf[literal.charCodeAt(i)];
        let to = goto[state].get(cls);
        if (to === undefined) {
          to = goto.length;
          goto.push(new Map());
          done.push(false);
          ends.push([]);
          goto[state].set(cls, to);
        }
        state = to;
      }
      done[state] = true;
      ends[state].push(index);
    }
    // Failure links, breadth first, folded into a full transition table.
    const table = new Int32Array(goto.length * classes);
    const fail = new Int32Array(goto.length);
    const queue: number[] = [];
    for (let cls = 0; cls < classes; cls++) {
      const to = goto[0].get(cls) ?? 0;
      table[cls] = to;
      if (to !== 0) queue.push(to);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head];
      done[state] ||= done[fail[state]];
      if (ends[fail[state]].length > 0) ends[state] = [...ends[state], ...ends[fail[state]]];
      for (let cls = 0; cls < classes; cls++) {
        const to = goto[state].get(cls);
        if (to === undefined) table[state * classes + cls] = table[fail[state] * classes + cls];
        else {
          fail[to] = table[fail[state] * classes + cls];
          table[state * classes + cls] = to;
          queue.push(to);
        }
      }
    }
    this.next = new Int32Array(table.length);
    for (let i = 0; i < table.length; i++) this.next[i] = done[table[i]] ? -(table[i] * classes + 1) : table[i] * classes;
    this.classes = classes;
    this.completed = ends;
  }

  /** Whether one of the literals occurs in `text` (from `start` to `end`). */
  occursIn(text: string, start = 0, end = text.length): boolean {
    return this.indexOfOccurrence(text, start, end) !== -1;
  }

  /** Where the first occurrence of one of the literals in `text` (from `start` to `end`) ends (its last character), or -1. */
  indexOfOccurrence(text: string, start = 0, end = text.length): number {
    const next = this.next;
    const classOf = this.classOf;
    let row = 0;
    for (let i = start; i < end; i++) {
      row = next[row + classOf[text.charCodeAt(i)]];
      if (row < 0) return i;
    }
    return -1;
  }

  /** Every literal that occurs in `text`, as indexes into the constructor's list (unordered, without repeats). */
  literalsIn(text: string): number[] {
    const next = this.next;
    const classOf = this.classOf;
    let found: Set<number> | undefined;
    let row = 0;
    for (let i = 0; i < text.length; i++) {
      row = next[row + classOf[text.charCodeAt(i)]];
      if (row < 0) {
        row = -row - 1;
        found ??= new Set();
        for (const literal of this.completed[row / this.classes]) found.add(literal);
      }
    }
    return found ? [...found] : [];
  }
}
