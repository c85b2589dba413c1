import { findProfile, nimManifest, type NimManifestProfile } from '../operator/nimModelManifest.js';
import type { ContainerPlan, WeightStore } from './containerPlan.js';
import { modelFacts } from './modelCatalog.js';
import type { ContainerSpec, RuntimeProfile } from './runtimeProfile.js';

/** What the simulated NGC says to a key: keys that are still a template placeholder are refused. */
const PLACEHOLDER_KEY = /^$|[<>]|changeme|replace|your|xxxx|placeholder|^nvapi-\.\.\.$/i;

/**
 * How the simulated NGC answers the caching job's key: no key or a placeholder → 401 Unauthorized; a key NGC knows
 * but that is not a personal `nvapi-` key is treated as one whose organization has no NIM entitlement → 403
 * Forbidden; a personal `nvapi-…` key may download.
 */
export function ngcAnswer(env: Map<string, string>): 200 | 401 | 403 {
  const key = (env.get('NGC_API_KEY') ?? env.get('NGC_CLI_API_KEY') ?? '').trim();
  if (PLACEHOLDER_KEY.test(key)) return 401;
  return key.startsWith('nvapi-') ? 200 : 403;
}

/** Bytes one profile stores: the weights at its precision (fp8 engines are half of bf16). */
export function profileBytes(profile: NimManifestProfile, modelBytes: number): number {
  return profile.tags.precision === 'fp8' ? modelBytes / 2 : modelBytes;
}

/**
 * The caching job's fate, from its manifest: NGC refuses the key, a profile the NIM does not ship, the PVC too
 * small for the profiles' weights (it fills and the write fails), or the download completes.
 */
export function planNimCache(profile: RuntimeProfile, env: Map<string, string>, weights: WeightStore, container: ContainerSpec): ContainerPlan {
  const facts = modelFacts(profile.model ?? '');
  if (profile.cacheFromHf) {
    const model = { ...facts, id: profile.model ?? '' };
    const cache = { profiles: [], sizes: [] };
    if (weights.kind === 'persistent' && weights.capacityBytes !== undefined && weights.capacityBytes < model.bytes) return { profile, model, weights, cache, outcome: { kind: 'disk-full', capacityBytes: weights.capacityBytes, path: env.get('NIM_CACHE_PATH') ?? '/model-store' } };
    return { profile, model, weights, cache, outcome: { kind: 'cache' } };
  }
  const manifest = nimManifest(container.image ?? '');
  const status = ngcAnswer(env);
  if (status !== 200) return { profile, model: { ...facts, bytes: 0 }, weights, outcome: { kind: 'ngc-refused', status } };
  const asked = profile.cacheAll ? manifest.map((p) => p.id) : profile.cacheProfiles ?? [];
  const unknown = asked.filter((p) => !findProfile(manifest, p));
  if (unknown.length) return { profile, model: { ...facts, bytes: 0 }, weights, outcome: { kind: 'profile-not-found', unknown, valid: manifest } };
  const profiles = asked.map((p) => findProfile(manifest, p)!);
  const sizes = profiles.map((p) => profileBytes(p, facts.bytes));
  const bytes = sizes.reduce((sum, b) => sum + b, 0);
  const model = { ...facts, id: profile.model ?? '', bytes };
  const cache = { profiles, sizes };
  if (weights.kind === 'persistent' && weights.capacityBytes !== undefined && weights.capacityBytes < bytes) return { profile, model, weights, cache, outcome: { kind: 'disk-full', capacityBytes: weights.capacityBytes, path: env.get('NIM_CACHE_PATH') ?? '/model-store' } };
  return { profile, model, weights, cache, outcome: { kind: 'cache' } };
}
