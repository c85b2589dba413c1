import type { Rule } from '../rule.js';
import { NIMCACHE_PROFILE_CODES } from './nimCacheProfiles.js';

/**
 * The codes of the NIMService ↔ NIMCache checks. They need the cache's facts (another document of the file, or the
 * cluster), so the linter reports them after all documents are read (nimCacheProfileFindings); this entry lists
 * them with the rules, for the docs and `disabledRules`.
 */
export const nimCacheProfileCodes: Rule = {
  id: 'nimcache-profiles',
  codes: Object.values(NIMCACHE_PROFILE_CODES),
  description: 'A NIMService matches the NIMCache it mounts: a profile the cache holds, a GPU count one of its profiles runs on, the same GPU pool.',
  appliesTo: () => false,
  check: () => {},
};
