import type { ContainerRuntime, ProbeKind } from './containerRuntime.js';
import type { PodContext } from './podContext.js';
import { connectionRefused, httpProbe, probePort, staticProbe, type ProbeResult } from './probeCheck.js';
import type { Probe } from './runtimeProfile.js';

/** Real (not simulated) time a loopback probe may take: the simulated servers answer in milliseconds. */
const REAL_PROBE_TIMEOUT_MS = 2000;

const LABEL: Record<ProbeKind, string> = { startup: 'Startup', readiness: 'Readiness', liveness: 'Liveness' };

/** The kubelet's prober for a container that just started: the startup probe first, then readiness and liveness. */
export function startProbes(ctx: PodContext, rt: ContainerRuntime, t: number): void {
  const { startupProbe } = rt.spec;
  if (startupProbe) ctx.schedule(rt, t + (startupProbe.initialDelaySeconds ?? 0) * 1000, (tt) => runProbe(ctx, rt, 'startup', startupProbe, tt));
  else afterStarted(ctx, rt, t);
}

function afterStarted(ctx: PodContext, rt: ContainerRuntime, t: number): void {
  rt.started = true;
  const { readinessProbe, livenessProbe } = rt.spec;
  if (readinessProbe) ctx.schedule(rt, Math.max(t, (rt.startedAt ?? t) + (readinessProbe.initialDelaySeconds ?? 0) * 1000), (tt) => runProbe(ctx, rt, 'readiness', readinessProbe, tt));
  else rt.ready = true;
  if (livenessProbe) ctx.schedule(rt, Math.max(t, (rt.startedAt ?? t) + (livenessProbe.initialDelaySeconds ?? 0) * 1000), (tt) => runProbe(ctx, rt, 'liveness', livenessProbe, tt));
}

function runProbe(ctx: PodContext, rt: ContainerRuntime, which: ProbeKind, probe: Probe, t: number): void {
  const result = evaluate(ctx, rt, probe, t);
  if (result instanceof Promise) {
    const instance = rt.instance;
    void result.then((r) => ctx.resume(rt, instance, t, (tt) => onProbeResult(ctx, rt, which, probe, tt, r)));
    return;
  }
  onProbeResult(ctx, rt, which, probe, t, result);
}

function evaluate(ctx: PodContext, rt: ContainerRuntime, probe: Probe, t: number): ProbeResult | Promise<ProbeResult> {
  const plan = rt.plan!;
  const port = probePort(probe, rt.spec.ports) ?? plan.profile.port;
  if (plan.profile.kind === 'generic') return { ok: true };
  if (rt.upAt === undefined || port !== plan.profile.port) return connectionRefused(probe, ctx.podIP, port);
  if (probe.httpGet && rt.server && ctx.isLive(t)) return httpProbe(probe, rt.server.port, ctx.podIP, port, REAL_PROBE_TIMEOUT_MS);
  return staticProbe(probe, plan.profile.kind);
}

function nodeIP(ctx: PodContext): string {
  return (ctx.node.status as { addresses?: Array<{ type: string; address: string }> } | undefined)?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '10.42.0.1';
}

/** The server's access-log line for an HTTP probe that reached it. */
function accessLog(ctx: PodContext, rt: ContainerRuntime, probe: Probe, t: number, result: ProbeResult): void {
  const kind = rt.plan?.profile.kind;
  if (!probe.httpGet || rt.upAt === undefined || result.status === undefined) return;
  const path = probe.httpGet.path ?? '/';
  const reason = result.status === 200 ? ' OK' : result.status === 404 ? ' Not Found' : '';
  const client = `${nodeIP(ctx)}:${40000 + (t / 1000) % 20000 | 0}`;
  let text: string | undefined;
  if (kind === 'vllm' || kind === 'vllm-omni') text = `(APIServer pid=1) INFO:     ${client} - "GET ${path} HTTP/1.1" ${result.status}${reason}`;
  else if (kind === 'nim') text = `INFO ${new Date(t).toISOString().replace('T', ' ').replace('Z', '')} httptools_impl.py:481] ${client} - "GET ${path} HTTP/1.1" ${result.status}`;
  if (text) ctx.deps.logs.append(ctx.namespace, ctx.name, rt.spec.name, { time: new Date(t), text });
}

function onProbeResult(ctx: PodContext, rt: ContainerRuntime, which: ProbeKind, probe: Probe, t: number, result: ProbeResult): void {
  accessLog(ctx, rt, probe, t, result);
  const period = (probe.periodSeconds ?? 10) * 1000;
  const threshold = probe.failureThreshold ?? 3;
  const again = () => ctx.schedule(rt, t + period, (tt) => runProbe(ctx, rt, which, probe, tt));
  if (result.ok) {
    rt.probeFailures[which] = 0;
    if (which === 'startup') return afterStarted(ctx, rt, t);
    if (which === 'readiness' && ++rt.readinessSuccesses >= (probe.successThreshold ?? 1)) rt.ready = true;
    return again();
  }
  rt.probeFailures[which]++;
  rt.readinessSuccesses = 0;
  ctx.event(t, 'Warning', 'Unhealthy', `${LABEL[which]} probe failed: ${result.message}`, rt);
  if (which === 'readiness') {
    if (rt.probeFailures.readiness >= threshold) rt.ready = false;
    return again();
  }
  if (rt.probeFailures[which] >= threshold) {
    ctx.event(t, 'Normal', 'Killing', `Container ${rt.spec.name} failed ${which} probe, will be restarted`, rt);
    // The server honours SIGTERM within the grace period: exit 143, not a SIGKILL.
    ctx.schedule(rt, t + 1000, (tt) => ctx.exit(rt, tt, 143, 'Error'));
    return;
  }
  again();
}
