import { cacheProfileList, gpuMatchesProduct, profileGpus, type NimProfileFacts } from '../../cluster/nimProfiles.js';
import type { LintDiagnostic } from '../diagnostic.js';
import type { NimCacheFacts, NimServiceCacheFacts } from '../crossDocument/nimCacheFacts.js';

export const NIMCACHE_PROFILE_CODES = {
  notCached: 'nimcache-profile-not-cached',
  gpuCount: 'nimcache-profile-gpu-count',
  pool: 'nimcache-pool-mismatch',
} as const;

const GPU_PRODUCT = 'nvidia.com/gpu.product';

function label(p: NimProfileFacts): string {
  return p.name ?? p.id;
}

function list(values: string[], max = 4): string {
  return values.length > max ? `${values.slice(0, max).join(', ')}, …` : values.join(', ');
}

/** The NIMCache a NIMService names: one in the same file first (same namespace, or either without one), else one the cluster knows. */
function findCache(service: NimServiceCacheFacts, inFile: NimCacheFacts[], known: NimCacheFacts[]): NimCacheFacts | undefined {
  const same = (c: NimCacheFacts) => c.name === service.cache.name && (!c.namespace || !service.namespace || c.namespace === service.namespace);
  return inFile.find(same) ?? known.find(same);
}

/**
 * Profile-aware checks of a NIMService against the NIMCache it mounts (spec.storage.nimCache), given the cache's
 * facts — from a NIMCache document in the same file, or from the cluster (`known`):
 * - `nimcache-profile-not-cached`: spec.storage.nimCache.profile is none of the cache's profiles;
 * - `nimcache-profile-gpu-count`: the GPUs the NIMService requests match the tensor × pipeline parallel size of no
 *   profile of the cache (the profile it names, else any), when the profiles say;
 * - `nimcache-pool-mismatch`: the NIMService and the caching job select different nodes (the same nodeSelector key
 *   with different values), the NIMService's GPU product is one no profile of the cache was built for, or the
 *   caching job targets a pool through a nodeSelector and a toleration the NIMService lacks.
 */
export function nimCacheProfileFindings(facts: ReadonlyArray<NimCacheFacts | NimServiceCacheFacts | { kind: string }>, known: readonly NimCacheFacts[] = []): LintDiagnostic[] {
  const caches = facts.filter((f): f is NimCacheFacts => f.kind === 'nimcache');
  const services = facts.filter((f): f is NimServiceCacheFacts => f.kind === 'nimservice-cache');
  const out: LintDiagnostic[] = [];
  for (const service of services) {
    const cache = findCache(service, caches, [...known]);
    if (!cache || cache.profiles.includes('all')) continue;
    const profiles = cacheProfileList({ selectedProfiles: cache.profiles, cachedProfiles: cache.cachedProfiles ?? [] }).map((p) => p.profile);
    const where = `NIMCache ${cache.name}${cache.source ? ` (${cache.source})` : ''}`;
    let candidates = profiles;
    if (service.profile && profiles.length) {
      const named = profiles.find((p) => p.id === service.profile!.value || p.name === service.profile!.value);
      if (named) candidates = [named];
      else {
        out.push({
          code: NIMCACHE_PROFILE_CODES.notCached,
          severity: 'error',
          message: `Profile "${service.profile.value}" is not in ${where}, which holds ${list(profiles.map(label))}: the NIM finds no cached profile and downloads at start-up (or fails when it has no NGC access). Name a profile the cache holds, or add this one to the NIMCache's spec.source.ngc.model.profiles.`,
          start: service.profile.start,
          end: service.profile.end,
          documentIndex: service.documentIndex,
          fixes: profiles.slice(0, 3).map((p, i) => ({ title: `Use profile ${label(p)}`, edits: [{ start: service.profile!.start, end: service.profile!.end, newText: cache.profiles.includes(p.id) || !p.name ? p.id : p.name }], isPreferred: i === 0 && profiles.length === 1 })),
        });
        continue;
      }
    }
    const counts = [...new Set(candidates.map(profileGpus).filter((n): n is number => n !== undefined))].sort((a, b) => a - b);
    if (service.gpus && counts.length && counts.length === candidates.length && !counts.includes(service.gpus.value)) {
      out.push({
        code: NIMCACHE_PROFILE_CODES.gpuCount,
        severity: 'warning',
        message: `The NIMService requests ${service.gpus.value} GPU${service.gpus.value === 1 ? '' : 's'}, but ${service.profile ? `profile ${service.profile.value}` : `the profiles of ${where}`} run${service.profile ? 's' : ''} on ${counts.join(' or ')} (tensor × pipeline parallel): no cached profile fits this GPU count, so the NIM cannot use the cache. Request ${counts.join(' or ')} GPU${counts.length === 1 && counts[0] === 1 ? '' : 's'}, or cache a profile for ${service.gpus.value}.`,
        start: service.gpus.start,
        end: service.gpus.end,
        documentIndex: service.documentIndex,
        fixes: counts.length === 1 ? [{ title: `Request ${counts[0]} GPU${counts[0] === 1 ? '' : 's'}`, edits: [{ start: service.gpus.start, end: service.gpus.end, newText: String(counts[0]) }], isPreferred: true }] : undefined,
      });
    }
    const conflicts = Object.entries(service.nodeSelector).filter(([k, v]) => cache.nodeSelector[k] !== undefined && cache.nodeSelector[k] !== v);
    const product = service.nodeSelector[GPU_PRODUCT];
    const gpuTags = [...new Set(candidates.map((p) => p.gpu).filter((g): g is string => !!g))];
    const productMismatch = product && candidates.length && gpuTags.length === candidates.length && !gpuTags.some((g) => gpuMatchesProduct(g, product));
    // The caching job tolerates a taint the NIMService does not: the pool the cache was filled on is tainted
    // (else the toleration would not be there), so the NIMService cannot follow it — unless it selects other nodes.
    const untolerated = conflicts.length || productMismatch ? [] : cache.tolerations.filter((t) => t.key && (t.effect ?? 'NoSchedule') !== 'PreferNoSchedule' && !service.tolerations.some((u) => u.key === t.key || (!u.key && u.operator === 'Exists')));
    if (untolerated.length && Object.keys(cache.nodeSelector).length && Object.entries(cache.nodeSelector).every(([k, v]) => service.nodeSelector[k] === undefined || service.nodeSelector[k] === v)) {
      const range = service.nodeSelectorRange ?? service.cache;
      out.push({
        code: NIMCACHE_PROFILE_CODES.pool,
        severity: 'warning',
        message: `${where}'s caching job runs on ${Object.entries(cache.nodeSelector).map(([k, v]) => `${k}=${v}`).join(', ')} and tolerates the taint ${untolerated.map((t) => t.key).join(', ')}, which the NIMService does not tolerate: it cannot be scheduled on the pool its cache was filled for. Add the same tolerations to the NIMService (spec.tolerations).`,
        start: range.start,
        end: range.end,
        documentIndex: service.documentIndex,
      });
    }
    if (conflicts.length || productMismatch) {
      const reasons = [
        ...conflicts.map(([k, v]) => `the NIMService selects ${k}=${v}, the caching job ${k}=${cache.nodeSelector[k]}`),
        ...(productMismatch ? [`the NIMService runs on ${product}, the cache's profiles are built for ${gpuTags.join(', ')}`] : []),
      ];
      const range = service.nodeSelectorRange ?? service.cache;
      out.push({
        code: NIMCACHE_PROFILE_CODES.pool,
        severity: 'warning',
        message: `The NIMService and ${where} cannot land on the same GPU pool: ${reasons.join('; ')}. The cache is filled for one pool and read on another — its profiles do not run on the other GPU, and a zonal volume cannot follow. Give both the same nodeSelector (and tolerations).`,
        start: range.start,
        end: range.end,
        documentIndex: service.documentIndex,
      });
    }
  }
  return out;
}
