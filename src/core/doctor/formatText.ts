import type { Finding } from './types.js';

/** Findings for a terminal: one block each, root cause first, evidence as `source:line`. */
export function formatFindingsText(findings: readonly Finding[], options: { color?: boolean; linesRead?: number } = {}): string {
  const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  if (findings.length === 0) {
    const read = options.linesRead === undefined ? '' : ` in ${options.linesRead} line${options.linesRead === 1 ? '' : 's'}`;
    return `${paint('32', '✔')} no known failure signatures${read}\n`;
  }
  const blocks = findings.map((f, i) => {
    const mark = f.severity === 'error' ? paint('31', '✖') : paint('33', '⚠');
    const times = f.count > 1 ? ` (${f.count}×)` : '';
    const lines = [`${mark} ${i + 1}. ${paint('1', f.signature)} — ${f.title}${times}`];
    lines.push(`   evidence: ${f.evidence.source}:${f.evidence.line}: ${f.evidence.text.trim()}`);
    if (f.wrapperEvidence) lines.push(`   wrapped by: ${f.wrapperEvidence.source}:${f.wrapperEvidence.line}: ${f.wrapperEvidence.text.trim()}`);
    if (f.rootFrame) lines.push(`   root: ${f.rootFrame.source}:${f.rootFrame.line}: ${f.rootFrame.text.trim()}`);
    if (f.context?.length) {
      const width = String(f.context[f.context.length - 1].line).length;
      lines.push('   context:');
      for (const c of f.context) lines.push(`   ${c.line === f.evidence.line ? '>' : ' '} ${String(c.line).padStart(width)} | ${c.text.trimEnd()}`);
    }
    lines.push(`   cause: ${f.cause}`);
    lines.push(`   fix: ${f.fix}`);
    if (f.search) lines.push(`   search for: ${f.search}`);
    return lines.join('\n');
  });
  const errors = findings.filter((f) => f.severity === 'error').length;
  return `${blocks.join('\n\n')}\n\n${findings.length} finding${findings.length === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}), root cause first\n`;
}
