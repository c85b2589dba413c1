import { LiteralScanner, requiredLiterals } from './prefilter.js';
import type { Signature } from './signature.js';

/** Signatures a line may concern, by index into the table, in table order. */
export interface Candidates {
  /** Whose patterns may match the line. */
  patterns: number[];
  /** Whose context pattern may match the line. */
  contexts: number[];
}

/**
 * From the keyword literals a line contains to the signatures whose patterns (or context) can match it: every match
 * contains one of its signature's keywords, and every keyword one of its required literals, so a line is tested
 * against a few signatures instead of all of them. One scan of the line, however many signatures there are.
 */
export class SignatureIndex {
  private constructor(
    private readonly scanner: LiteralScanner,
    private readonly patternsOf: readonly number[][],
    private readonly contextsOf: readonly number[][],
  ) {}

  /** Undefined when some keyword requires no literal (then every line has to be tested against every signature). */
  static build(signatures: readonly Signature[]): SignatureIndex | undefined {
    const literals: string[] = [];
    const patternsOf: number[][] = [];
    const contextsOf: number[][] = [];
    const add = (keywords: readonly string[], signature: number, into: 'patterns' | 'contexts'): boolean => {
      for (const keyword of keywords) {
        const required = requiredLiterals(keyword);
        if (required === undefined) return false;
        for (const literal of required) {
          literals.push(literal);
          patternsOf.push(into === 'patterns' ? [signature] : []);
          contextsOf.push(into === 'contexts' ? [signature] : []);
        }
      }
      return true;
    };
    for (const [i, signature] of signatures.entries()) {
      if (!add(signature.keywords, i, 'patterns')) return undefined;
      if (signature.context && !add(signature.context.keywords, i, 'contexts')) return undefined;
    }
    return new SignatureIndex(new LiteralScanner(literals), patternsOf, contextsOf);
  }

  /** Undefined when the line contains no keyword literal at all (most lines). */
  candidates(line: string): Candidates | undefined {
    const found = this.scanner.literalsIn(line);
    if (found.length === 0) return undefined;
    const patterns = new Set<number>();
    const contexts = new Set<number>();
    for (const literal of found) {
      for (const i of this.patternsOf[literal]) patterns.add(i);
      for (const i of this.contextsOf[literal]) contexts.add(i);
    }
    return { patterns: [...patterns].sort(ascending), contexts: [...contexts].sort(ascending) };
  }
}

function ascending(a: number, b: number): number {
  return a - b;
}
