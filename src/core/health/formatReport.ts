import type { CheckStatus, HealthReport } from './types.js';

const SYMBOL: Record<CheckStatus, string> = { pass: '✓', warn: '!', fail: '✗', skip: '-' };
const COLOR: Record<CheckStatus, string> = { pass: '\x1b[32m', warn: '\x1b[33m', fail: '\x1b[31m', skip: '\x1b[2m' };

/** What `ies health --format json` prints: `{"healthy":false,"checks":[{"name","status","detail","ms"}],…}`. */
export function healthJson(report: HealthReport): object {
  return {
    healthy: report.healthy,
    checks: report.checks.map((c) => ({ name: c.name, status: c.status, detail: c.detail, ms: c.ms, ...(c.evidence ? { evidence: c.evidence } : {}) })),
    endpoint: report.name,
    baseUrl: report.baseUrl,
    ...(report.via ? { via: report.via } : {}),
    status: report.status,
    at: report.at,
    totalMs: report.totalMs,
  };
}

export function formatHealthText(report: HealthReport, color = false): string {
  const paint = (status: CheckStatus, text: string) => (color ? `${COLOR[status]}${text}\x1b[0m` : text);
  const width = Math.max(...report.checks.map((c) => c.name.length));
  const lines = [
    `${report.name} (${report.baseUrl}${report.via ? ` via ${report.via}` : ''})`,
    ...report.checks.map((c) => `  ${paint(c.status, `${SYMBOL[c.status]} ${c.status.padEnd(4)}`)}  ${c.name.padEnd(width)}  ${c.detail}${c.status === 'skip' ? '' : `  (${Math.round(c.ms)} ms)`}`),
    `${paint(report.healthy ? 'pass' : 'fail', report.healthy ? 'healthy' : 'UNHEALTHY')}${report.status === 'warn' ? ' with warnings' : ''} — ${report.checks.length} checks in ${Math.round(report.totalMs)} ms`,
  ];
  return lines.join('\n') + '\n';
}

const ICON: Record<CheckStatus, string> = { pass: '✅', warn: '⚠️', fail: '❌', skip: '➖' };

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The health report document: every check with its evidence and timing. */
export function healthReportMarkdown(report: HealthReport): string {
  const lines = [
    `# Health: ${report.name}`,
    '',
    `**${report.healthy ? (report.status === 'warn' ? 'Healthy, with warnings' : 'Healthy') : 'Unhealthy'}** — checked ${report.at} in ${Math.round(report.totalMs)} ms`,
    '',
    `- Base URL: \`${report.baseUrl}\``,
    ...(report.via ? [`- Reached through port-forward: \`${report.via}\``] : []),
    '',
    '| | Check | Result | Time |',
    '|---|---|---|---|',
    ...report.checks.map((c) => `| ${ICON[c.status]} | ${c.name} | ${cell(c.detail)} | ${c.status === 'skip' ? '' : `${Math.round(c.ms)} ms`} |`),
    '',
  ];
  const withEvidence = report.checks.filter((c) => c.evidence?.length);
  if (withEvidence.length) {
    lines.push('## Evidence', '');
    for (const c of withEvidence) lines.push(`### ${c.name}`, '', '```', ...c.evidence!, '```', '');
  }
  return lines.join('\n');
}
