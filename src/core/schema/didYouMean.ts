import type { SchemaNode } from './schemaNode.js';

/** Optimal string alignment distance (Levenshtein plus adjacent swaps), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...new Array<number>(t.length).fill(0)]);
  for (let j = 1; j <= t.length; j++) d[0][j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[s.length][t.length];
}

function closeEnough(key: string, candidate: string): boolean {
  const limit = key.length <= 4 ? 1 : key.length <= 8 ? 2 : 3;
  // The distance is at least the length difference: skip the quadratic table for keys that cannot be close
  // (a 100 KB key pasted by accident must not cost seconds per sibling).
  if (Math.abs(key.length - candidate.length) > limit) return false;
  return editDistance(key, candidate) <= limit;
}

const SEARCH_DEPTH = 4;

/**
 * Where an unknown key most likely belongs, relative to the object it was found in: a sibling with the same
 * name in other case, else the shallowest nested field of that exact name (`spec.router` → `expose.router`),
 * else the closest sibling by edit distance. Undefined when nothing is plausible.
 */
export function suggestField(key: string, parent: SchemaNode): string[] | undefined {
  const siblings = Object.keys(parent.properties ?? {});
  const sameName = siblings.find((s) => s.toLowerCase() === key.toLowerCase());
  if (sameName) return [sameName];
  const nested = findNested(key, parent);
  if (nested) return nested;
  let best: { name: string; distance: number } | undefined;
  for (const sibling of siblings) {
    if (!closeEnough(key, sibling)) continue;
    const distance = editDistance(key, sibling);
    if (!best || distance < best.distance) best = { name: sibling, distance };
  }
  return best ? [best.name] : undefined;
}

/** Breadth-first through object properties (not into lists or maps: a move there is not a simple fix). */
function findNested(key: string, parent: SchemaNode): string[] | undefined {
  let frontier: Array<{ node: SchemaNode; path: string[] }> = [{ node: parent, path: [] }];
  for (let depth = 0; depth < SEARCH_DEPTH && frontier.length; depth++) {
    const next: typeof frontier = [];
    for (const { node, path } of frontier) {
      for (const [name, child] of Object.entries(node.properties ?? {})) {
        if (depth > 0 && name === key) return [...path, name];
        if (child.type === 'object' && child.properties) next.push({ node: child, path: [...path, name] });
      }
    }
    frontier = next;
  }
  return undefined;
}
