import { isMap } from 'yaml';
import type { TextEdit } from '../../lint/diagnostic.js';
import type { ManifestDocument, OffsetRange } from '../../manifest/manifestDocument.js';
import { isVllmRuntime } from '../../nimservice/runtime.js';
import { isNimHealthPath, MIN_STARTUP_BUDGET_SECONDS, PROBE_KEYS, startupBudgetSeconds, VLLM_PROBES, type ProbeKey } from '../../nimservice/probes.js';
import { insertIntoMap, replaceScalar } from '../../yaml/edits.js';
import type { RuleContext } from '../rule.js';
import { nimServiceRule } from './nimServiceRule.js';

type ProbeState = { key: ProbeKey; state: 'ok' } | { key: ProbeKey; state: 'default' | 'no-probe' | 'nim-path'; edits?: TextEdit[]; range?: OffsetRange };

export const vllmDefaultProbes = nimServiceRule({
  id: 'vllm-default-probes',
  codes: ['vllm-default-probes', 'vllm-startup-budget-short'],
  description: 'vLLM serves /health, not the operator default /v1/health/*: override all three probes, with a startup budget of at least 30 min.',
  check(view, context) {
    if (!isVllmRuntime(view.runtime)) return;
    const d = view.document;
    const states = PROBE_KEYS.map((key) => probeState(d, key));
    const bad = states.filter((s) => s.state !== 'ok');
    if (bad.length) {
      const edits = fixEdits(d, bad);
      const fixes = edits ? [{ title: 'Probe /health (readiness, liveness, and a 30 min startup budget)', edits, isPreferred: true }] : undefined;
      const names = bad.map((s) => s.key).join(', ');
      const message = `${names} still ${bad.length === 1 ? 'probes' : 'probe'} the NIM path /v1/health/*, which vLLM does not serve (every probe gets 404 and the pod restarts forever): override readinessProbe, livenessProbe and startupProbe with httpGet path /health on port api.`;
      const defaults = bad.filter((s) => s.state !== 'nim-path');
      if (defaults.length) {
        // No override at all: the vLLM image is why the defaults are wrong.
        const range = d.valueRange(['spec', 'image', 'repository']) ?? d.keyRange(['spec'])!;
        context.report({ code: 'vllm-default-probes', severity: 'error', message, ...range, fixes });
      }
      for (const s of bad) {
        if (s.state === 'nim-path' && s.range) context.report({ code: 'vllm-default-probes', severity: 'error', message: `${s.key} probes ${String(d.valueAt(['spec', s.key, 'probe', 'httpGet', 'path']))}, which vLLM does not serve: use /health.`, ...s.range, fixes });
      }
    }
    checkStartupBudget(d, context.report);
  },
});

function probeState(d: ManifestDocument, key: ProbeKey): ProbeState {
  const base = ['spec', key];
  const override = d.nodeAt(base);
  if (d.pairAt(base) === undefined || override === undefined) return { key, state: 'default' };
  if (!isMap(override)) return { key, state: 'ok' }; // wrong type: the schema rules report it
  if (d.valueAt([...base, 'enabled']) === false) return { key, state: 'ok' };
  const probe = d.nodeAt([...base, 'probe']);
  if (probe === undefined) return { key, state: 'no-probe', range: d.keyRange(base) };
  const pathAt = [...base, 'probe', 'httpGet', 'path'];
  if (!isNimHealthPath(d.valueAt(pathAt))) return { key, state: 'ok' };
  return { key, state: 'nim-path', range: d.valueRange(pathAt) };
}

function fixEdits(d: ManifestDocument, bad: ProbeState[]): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  const absent: Record<string, unknown> = {};
  for (const s of bad) {
    if (s.state === 'default') absent[s.key] = VLLM_PROBES[s.key];
    else if (s.state === 'no-probe') {
      const e = insertIntoMap(d, ['spec', s.key], { probe: VLLM_PROBES[s.key].probe });
      if (!e) return undefined;
      edits.push(...e);
    } else if (s.state === 'nim-path') {
      const e = replaceScalar(d, ['spec', s.key, 'probe', 'httpGet', 'path'], '/health');
      if (!e) return undefined;
      edits.push(...e);
    }
  }
  if (Object.keys(absent).length) {
    const e = insertIntoMap(d, ['spec'], absent);
    if (!e) return undefined;
    edits.push(...e);
  }
  return edits;
}

function checkStartupBudget(d: ManifestDocument, report: RuleContext['report']): void {
  const probePath = ['spec', 'startupProbe', 'probe'];
  const probe = d.nodeAt(probePath);
  if (!isMap(probe) || d.valueAt(['spec', 'startupProbe', 'enabled']) === false) return;
  const values = d.valueAt(probePath) as Record<string, unknown>;
  const budget = startupBudgetSeconds(values);
  if (budget === undefined || budget >= MIN_STARTUP_BUDGET_SECONDS) return;
  const period = typeof values.periodSeconds === 'number' && values.periodSeconds > 0 ? values.periodSeconds : 10;
  const delay = typeof values.initialDelaySeconds === 'number' ? values.initialDelaySeconds : 0;
  const threshold = Math.ceil((MIN_STARTUP_BUDGET_SECONDS - delay) / period);
  const thresholdPath = [...probePath, 'failureThreshold'];
  const edits = d.nodeAt(thresholdPath) ? replaceScalar(d, thresholdPath, threshold) : insertIntoMap(d, probePath, { failureThreshold: threshold });
  report({
    code: 'vllm-startup-budget-short',
    severity: 'warning',
    message: `startupProbe allows only ${formatMinutes(budget)} (failureThreshold × periodSeconds + initialDelaySeconds) before the pod is restarted, often in the middle of the first weight download: raise failureThreshold to ${threshold} (≥ 30 min).`,
    ...(d.valueRange(thresholdPath) ?? d.keyRange(probePath)!),
    fixes: edits ? [{ title: `Set startupProbe failureThreshold: ${threshold} (30 min)`, edits, isPreferred: true }] : undefined,
  });
}

function formatMinutes(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}
