import type { Simulator } from '../../src/sim/index.js';

/** The newest ready pod of a NIMService in the simulator's store (what a forward should land on). */
export function readyPodOf(sim: Simulator, namespace: string, name: string): string | undefined {
  const pods = sim.store.list('pods').filter((p) => {
    const pod = p as { metadata: { namespace?: string; labels?: Record<string, string>; deletionTimestamp?: string }; status?: { conditions?: Array<{ type: string; status: string }> } };
    return pod.metadata.namespace === namespace && pod.metadata.labels?.['app.kubernetes.io/name'] === name && !pod.metadata.deletionTimestamp
      && pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
  });
  pods.sort((a, b) => String(b.metadata.creationTimestamp ?? '').localeCompare(String(a.metadata.creationTimestamp ?? '')));
  return pods[0]?.metadata.name;
}

/** Polls until `probe` gives a value (not undefined/false), or fails with `what`. */
export async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
