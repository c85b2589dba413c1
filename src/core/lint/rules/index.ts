import type { Rule } from '../rule.js';

/** Semantic rules (seed lessons), one file each in this folder. */
export const semanticRules: readonly Rule[] = [];
