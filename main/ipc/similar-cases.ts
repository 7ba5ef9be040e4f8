import type { Library } from '../library/library';
import { loadSimilarityIndex, type SimilarityIndex } from '../library/similarity-index';
import type { EventBus } from './events';
import type { SimilarCase, SimilarityGroup } from './contract';

const GROUP_THRESHOLD = 0.6;
const MAX_GROUPS = 500;
const MAX_MEMBERS = 200;

/**
 * The library's similar-crash index for the handlers: loaded from the
 * database on first use, and again after the library changed.
 */
export class SimilarCases {
  private index: SimilarityIndex | undefined;
  private dirty = true;

  constructor(
    private readonly library: Library,
    events: EventBus,
  ) {
    events.subscribe((event) => {
      if (event === 'library:changed') this.dirty = true;
    });
  }

  private current(): SimilarityIndex {
    if (!this.index || this.dirty) {
      this.index = loadSimilarityIndex(this.library.db);
      this.dirty = false;
    }
    return this.index;
  }

  top(caseId: number, limit: number): SimilarCase[] {
    const out: SimilarCase[] = [];
    for (const s of this.current().topSimilar(caseId, limit)) {
      const summary = this.library.getSummary(s.caseId);
      if (summary) out.push({ caseId: s.caseId, score: s.score, parts: { ...s.parts }, summary });
    }
    return out;
  }

  /** Groups of similar crashes (single linkage over each case's nearest neighbours), largest first. */
  groups(threshold = GROUP_THRESHOLD): { groups: SimilarityGroup[]; singletons: number } {
    const index = this.current();
    index.linkUnlinked();
    const members = new Map<number, number[]>();
    for (const [caseId, groupId] of index.groups(threshold)) {
      let list = members.get(groupId);
      if (!list) members.set(groupId, (list = []));
      list.push(caseId);
    }
    let singletons = 0;
    const groups: SimilarityGroup[] = [];
    for (const [groupId, ids] of [...members].sort((a, b) => b[1].length - a[1].length || a[0] - b[0])) {
      if (ids.length < 2) {
        singletons++;
        continue;
      }
      if (groups.length >= MAX_GROUPS) continue;
      const summary = this.library.getSummary(groupId);
      if (summary) groups.push({ groupId, size: ids.length, members: ids.sort((a, b) => a - b).slice(0, MAX_MEMBERS), summary });
    }
    return { groups, singletons };
  }
}
