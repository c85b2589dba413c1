// The kubectl fidelity matrix: which commands sim-kubectl-matrix.test.ts runs against every kubectl version, and the
// README table rendered from the same list (test/unit/readme-fidelity-table.test.ts keeps the README equal to it).

/** Every kubectl version the matrix runs; each is /usr/lib/google-cloud-sdk/bin/kubectl.<version>. */
export const KUBECTL_VERSIONS = ['1.27', '1.28', '1.29', '1.30', '1.31', '1.32', '1.33'];

export const kubectlBinary = (version: string) => `/usr/lib/google-cloud-sdk/bin/kubectl.${version}`;

/** One row per command: what the README shows, and what the test checks (also shown). */
export const MATRIX_COMMANDS: Array<{ id: string; command: string; checks: string }> = [
  { id: 'get', command: '`get`', checks: 'nodes and pods -o wide (server-side Table columns), NIMServices, `-o json`' },
  { id: 'describe', command: '`describe pod`', checks: 'status, last state OOMKilled, events' },
  { id: 'apply', command: '`apply` (client-side)', checks: 'create then change a Deployment (one env var added, merged by name), no `--validate=false`' },
  { id: 'apply-server-side', command: '`apply --server-side`', checks: 'a NIMService, a conflict with another manager, `--force-conflicts`' },
  { id: 'diff', command: '`diff`', checks: 'exit 1 and the changed line for a changed Deployment' },
  { id: 'wait', command: '`wait --for=condition=Ready`', checks: 'returns when the NIMService status turns Ready' },
  { id: 'logs-follow', command: '`logs -f`', checks: 'prints lines as they are written' },
  { id: 'logs-previous', command: '`logs --previous`', checks: "the previous container's log" },
  { id: 'port-forward', command: '`port-forward`', checks: "`/v1/models` through the forwarded port" },
  { id: 'rollout-restart', command: '`rollout restart`', checks: 'the pod template gets `kubectl.kubernetes.io/restartedAt`' },
  { id: 'scale', command: '`scale`', checks: '`deployments/scale` sets `spec.replicas`' },
  { id: 'delete', command: '`delete`', checks: 'a Deployment and a NIMService are gone' },
];

export const TABLE_START = '<!-- kubectl fidelity table: generated from test/integration/sim-kubectl-matrix-checks.ts -->';
export const TABLE_END = '<!-- end of kubectl fidelity table -->';

/** The README table: every cell is a test in sim-kubectl-matrix.test.ts that must pass for that version. */
export function renderFidelityTable(): string {
  const header = `| kubectl command | ${KUBECTL_VERSIONS.join(' | ')} | what the test checks |`;
  const rule = `|---|${KUBECTL_VERSIONS.map(() => ':-:').join('|')}|---|`;
  const rows = MATRIX_COMMANDS.map((c) => `| ${c.command} | ${KUBECTL_VERSIONS.map(() => '✓').join(' | ')} | ${c.checks} |`);
  return [TABLE_START, header, rule, ...rows, TABLE_END].join('\n');
}
