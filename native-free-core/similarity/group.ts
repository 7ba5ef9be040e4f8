import { CountedFrameStats, type FrameStats } from './frame-stats';
import { profileOf, type ProfileSource, type SimilarityProfile } from './profile';
import { profileSimilarity } from './similarity';
import type { FrameWeights } from './weights';

export interface SimilarityEdge<Id> {
  a: Id;
  b: Id;
  score: number;
}

/**
 * Single-linkage grouping: two cases are in one group when a chain of
 * edges with score ≥ threshold joins them. The group id is the first id of
 * the group in `ids` order, so groups keep their id as the threshold moves
 * and cases are added at the end. Cases without such an edge form a group
 * of their own.
 */
export function groupByEdges<Id>(ids: readonly Id[], edges: Iterable<SimilarityEdge<Id>>, threshold: number): Map<Id, Id> {
  const slot = new Map<Id, number>();
  ids.forEach((id, i) => slot.set(id, i));
  const parent = new Int32Array(ids.length).map((_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  for (const e of edges) {
    if (e.score < threshold) continue;
    const x = slot.get(e.a);
    const y = slot.get(e.b);
    if (x === undefined || y === undefined) continue;
    const rx = find(x);
    const ry = find(y);
    // the smaller slot stays the root: the group id is its first member
    if (rx < ry) parent[ry] = rx;
    else if (ry < rx) parent[rx] = ry;
  }
  const out = new Map<Id, Id>();
  ids.forEach((id, i) => out.set(id, ids[find(i)]!));
  return out;
}

export interface GroupOptions {
  /** frame counts; by default counted over the items themselves. */
  stats?: FrameStats;
  weights?: Partial<FrameWeights>;
}

/**
 * Groups a set of reports by comparing every pair (n² / 2 comparisons:
 * meant for a selection or a folder of dumps; the library groups over its
 * index's nearest-neighbour edges instead).
 */
export function groupCases<Id>(
  items: readonly { id: Id; report?: ProfileSource; profile?: SimilarityProfile }[],
  threshold: number,
  options: GroupOptions = {},
): Map<Id, Id> {
  const profiles = items.map((it) => it.profile ?? profileOf(it.report!));
  const stats = options.stats ?? new CountedFrameStats(profiles.map((p) => p.signatures));
  const edges: SimilarityEdge<Id>[] = [];
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const { score } = profileSimilarity(profiles[i]!, profiles[j]!, { stats, weights: options.weights });
      if (score >= threshold) edges.push({ a: items[i]!.id, b: items[j]!.id, score });
    }
  }
  return groupByEdges(items.map((it) => it.id), edges, threshold);
}
