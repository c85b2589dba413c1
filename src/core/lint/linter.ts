import type { LintDiagnostic, QuickFix } from './diagnostic.js';
import { resolveLintOptions, type LintOptions, type ResolvedLintOptions } from './options.js';
import type { Rule } from './rule.js';
import { parseChunk } from '../manifest/parseManifest.js';
import { splitDocuments } from '../manifest/splitDocuments.js';
import { allRules } from './ruleRegistry.js';
import { withoutHarmfulFixes } from './fixGuard.js';
import { collectFacts, shiftFacts, type DocumentFacts } from './crossDocument/facts.js';
import { serviceTargetPortFindings } from './crossDocument/serviceTargetPort.js';
import { collectNimCacheFacts, shiftNimCacheFacts, type NimCacheFacts, type NimServiceCacheFacts } from './crossDocument/nimCacheFacts.js';
import { nimCacheProfileFindings } from './rules/nimCacheProfiles.js';

interface CachedChunk {
  base: number;
  firstIndex: number;
  documentCount: number;
  diagnostics: LintDiagnostic[];
  /** What the chunk's documents tell the others (Services, pod labels and ports) for checks across documents. */
  facts: DocumentFacts[];
  /** NIMCaches and the NIMServices that mount one, for the profile-aware checks across documents. */
  cacheFacts: Array<NimCacheFacts | NimServiceCacheFacts>;
}

/**
 * Lints manifest files. Keeps the results of each YAML document keyed by its text, so after an edit only
 * the documents whose text changed are parsed and linted again; the others are shifted to their new offsets.
 */
export class Linter {
  private readonly options: ResolvedLintOptions;
  private readonly cache = new Map<string, CachedChunk>();

  constructor(options: LintOptions = {}, private readonly rules: readonly Rule[] = allRules) {
    this.options = resolveLintOptions(options);
  }

  lint(text: string): LintDiagnostic[] {
    const out: LintDiagnostic[] = [];
    const facts: DocumentFacts[] = [];
    const cacheFacts: Array<NimCacheFacts | NimServiceCacheFacts> = [];
    const seen = new Set<string>();
    let index = 0;
    for (const chunk of splitDocuments(text)) {
      seen.add(chunk.text);
      let cached = this.cache.get(chunk.text);
      if (!cached) {
        cached = { base: chunk.start, firstIndex: index, ...this.lintChunk(chunk, index) };
        this.cache.set(chunk.text, cached);
      }
      out.push(...shift(cached.diagnostics, chunk.start - cached.base, index - cached.firstIndex));
      for (const f of cached.facts) facts.push(shiftFacts(f, chunk.start - cached.base, index - cached.firstIndex));
      for (const f of cached.cacheFacts) cacheFacts.push(shiftNimCacheFacts(f, chunk.start - cached.base, index - cached.firstIndex));
      index += cached.documentCount;
    }
    if (facts.length > 1) {
      const eol = text.includes('\r\n') ? '\r\n' : '\n';
      out.push(...serviceTargetPortFindings(facts, eol).filter((d) => !this.options.disabledRules.has(d.code)));
    }
    if (cacheFacts.some((f) => f.kind === 'nimservice-cache')) {
      out.push(...nimCacheProfileFindings(cacheFacts, this.options.knownNimCaches).filter((d) => !this.options.disabledRules.has(d.code)));
    }
    for (const key of this.cache.keys()) if (!seen.has(key)) this.cache.delete(key);
    return out;
  }

  private lintChunk(chunk: { start: number; text: string }, firstIndex: number): Omit<CachedChunk, 'base' | 'firstIndex'> {
    const parsed = parseChunk(chunk, firstIndex);
    const diagnostics: LintDiagnostic[] = parsed.problems.map((p) => ({ ...p, start: p.start + chunk.start, end: p.end + chunk.start, documentIndex: firstIndex }));
    const facts: DocumentFacts[] = [];
    const cacheFacts: Array<NimCacheFacts | NimServiceCacheFacts> = [];
    for (const document of parsed.documents) {
      try {
        const found = collectFacts(document);
        if (found) facts.push(found);
        const cacheFound = collectNimCacheFacts(document);
        if (cacheFound) cacheFacts.push(cacheFound);
      } catch {
        // half-written YAML: the rules below report what they can
      }
      const found: LintDiagnostic[] = [];
      for (const rule of this.rules) {
        if (!rule.appliesTo(document)) continue;
        const report = (diagnostic: LintDiagnostic) => {
          if (this.options.disabledRules.has(diagnostic.code)) return;
          found.push({ ...diagnostic, documentIndex: document.index });
        };
        try {
          rule.check({ document, options: this.options, report });
        } catch (error) {
          found.push({
            code: 'internal-error',
            severity: 'warning',
            message: `Rule ${rule.id} failed on this document (${(error as Error).message}); please report it.`,
            ...document.headerRange(),
            documentIndex: document.index,
          });
        }
      }
      diagnostics.push(...withoutDuplicates(found));
    }
    return { documentCount: parsed.documents.length, diagnostics: withoutHarmfulFixes(diagnostics, chunk), facts, cacheFacts };
  }
}

function withoutDuplicates(found: LintDiagnostic[]): LintDiagnostic[] {
  if (!found.some((d) => d.duplicateOf)) return found;
  const at = new Set(found.map((d) => `${d.code}@${d.start}`));
  return found
    .filter((d) => !d.duplicateOf?.some((code) => at.has(`${code}@${d.start}`)))
    .map(({ duplicateOf: _duplicateOf, ...rest }) => rest);
}

function shift(diagnostics: LintDiagnostic[], delta: number, indexDelta: number): LintDiagnostic[] {
  if (delta === 0 && indexDelta === 0) return diagnostics;
  return diagnostics.map((d) => ({
    ...d,
    start: d.start + delta,
    end: d.end + delta,
    documentIndex: d.documentIndex === undefined ? undefined : d.documentIndex + indexDelta,
    fixes: d.fixes?.map((fix): QuickFix => ({ ...fix, edits: fix.edits?.map((e) => ({ ...e, start: e.start + delta, end: e.end + delta })) })),
  }));
}

/** One-shot lint of a text. */
export function lintText(text: string, options: LintOptions = {}): LintDiagnostic[] {
  return new Linter(options).lint(text);
}
