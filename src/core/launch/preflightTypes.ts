export type CheckStatus = 'pass' | 'warn' | 'fail';

/** What a check's fix button does; the extension and the CLI decide how to ask for values. */
export type PreflightFix =
  | { kind: 'create-namespace'; namespace: string }
  /** Create the Secret, or add the missing keys to it; values come from a password box, straight into the cluster. */
  | { kind: 'create-secret'; namespace: string; name: string; keys: string[]; exists: boolean }
  | { kind: 'install-operator' }
  | { kind: 'disable-setting'; setting: string };

export interface PreflightCheck {
  id: string;
  title: string;
  status: CheckStatus;
  detail: string;
  fix?: PreflightFix & { title: string };
}

export function hasFailures(checks: readonly PreflightCheck[]): boolean {
  return checks.some((c) => c.status === 'fail');
}

const MARK: Record<CheckStatus, string> = { pass: 'ok  ', warn: 'warn', fail: 'FAIL' };

/** One line per check for the CLI and the output channel: `FAIL  Secret ngc-api-secret: not found — fix: …`. */
export function formatPreflight(checks: readonly PreflightCheck[]): string {
  return checks.map((c) => `${MARK[c.status]}  ${c.title}: ${c.detail}${c.fix && c.status !== 'pass' ? ` — fix: ${c.fix.title}` : ''}\n`).join('');
}
