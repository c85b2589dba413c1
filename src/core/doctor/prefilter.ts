import { SIGNATURES, type Signature } from './signatures.js';

/**
 * One alternation of every signature's keywords (and context keywords). A line that does not match it
 * cannot match any signature, so most lines cost a single regex test. The same text works with `grep -E`,
 * which the benchmark uses as its peer. Keywords are grouped by their first character (`E(rrno|ngine…)`):
 * a backtracking engine then tries one branch per position instead of every keyword, which keeps the test as fast
 * with a hundred keywords as it was with fifty.
 */
export function combinedKeywordPattern(signatures: readonly Signature[] = SIGNATURES): string {
  const keywords = new Set<string>();
  for (const signature of signatures) {
    for (const keyword of signature.keywords) keywords.add(keyword);
    for (const keyword of signature.context?.keywords ?? []) keywords.add(keyword);
  }
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

export function combinedKeywordRegExp(signatures: readonly Signature[] = SIGNATURES): RegExp {
  return new RegExp(combinedKeywordPattern(signatures));
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
