import type { LintedFile } from './lint.js';

const colours = { red: '\x1b[31m', yellow: '\x1b[33m', blue: '\x1b[34m', dim: '\x1b[2m', bold: '\x1b[1m', underline: '\x1b[4m', reset: '\x1b[0m' };

/** ESLint's "stylish" layout: a block per file, `line:col  severity  message  code`, then a summary. */
export function formatLintText(files: readonly LintedFile[], colour: boolean): string {
  const paint = (code: keyof typeof colours, text: string) => (colour ? `${colours[code]}${text}${colours.reset}` : text);
  let output = '';
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const file of files) {
    if (file.diagnostics.length === 0) continue;
    output += `\n${paint('underline', file.path)}\n`;
    const width = Math.max(...file.diagnostics.map((d) => `${d.line}:${d.column}`.length));
    for (const d of file.diagnostics) {
      const severity = d.severity === 'error' ? paint('red', 'error  ') : d.severity === 'warning' ? paint('yellow', 'warning') : paint('blue', 'info   ');
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
      else infos++;
      output += `  ${paint('dim', `${d.line}:${d.column}`.padEnd(width))}  ${severity}  ${d.message}  ${paint('dim', d.code)}\n`;
    }
  }
  const total = errors + warnings + infos;
  if (total === 0) return `${files.length} file${files.length === 1 ? '' : 's'} linted, no problems\n`;
  const summary = `\n✖ ${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${infos ? `, ${infos} info` : ''})\n`;
  return output + paint(errors ? 'red' : 'yellow', paint('bold', summary));
}
