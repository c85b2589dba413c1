import { SIGNATURES, type Signature } from './signatures.js';

/**
 * One alternation of every signature's keywords (and context keywords). A line that does not match it
 * cannot match any signature, so most lines cost a single regex test. The same text works with `grep -E`,
 * which the benchmark uses as its peer.
 */
export function combinedKeywordPattern(signatures: readonly Signature[] = SIGNATURES): string {
  const keywords = new Set<string>();
  for (const signature of signatures) {
    for (const keyword of signature.keywords) keywords.add(keyword);
    for (const keyword of signature.context?.keywords ?? []) keywords.add(keyword);
  }
  return [...keywords].join('|');
}

export function combinedKeywordRegExp(signatures: readonly Signature[] = SIGNATURES): RegExp {
  return new RegExp(combinedKeywordPattern(signatures));
}
