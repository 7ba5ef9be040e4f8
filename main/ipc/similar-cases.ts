import type { Library } from '../library/library';
import { loadSimilarityIndex, type SimilarityIndex } from '../library/similarity-index';
import type { EventBus } from './events';
import type { SimilarCase, SimilarityGroup } from './contract';

const GROUP_THRESHOLD = 0.6;
const MAX_GROUPS = 500;
const MAX_MEMBERS = 200;

/** How long one background linking slice may hold the main thread. */
const LINK_SLICE_MS = 25;
/** How long a grouping request may spend linking cases the background has not reached yet. */
const GROUP_LINK_BUDGET_MS = 2000;

/**
 * The library's similar-crash index for the handlers: loaded from the
 * database once, then kept up to date case by case as the library changes
 * (cases added are indexed and linked, deleted ones removed), so an import
 * into a 100,000-case library costs milliseconds, not a reload. Neighbour
 * links for grouping are built in small background slices after loading.
 */
export class SimilarCases {
  private index: SimilarityIndex | undefined;
  private known = new Set<number>();
  private dirty = false;
  private linking: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly library: Library,
    events: EventBus,
  ) {
    events.subscribe((event) => {
      if (event === 'library:changed') this.dirty = true;
    });
  }

  private caseIds(): number[] {
    return this.library.db.prepare('SELECT id FROM cases').pluck().all() as number[];
  }

  private current(): SimilarityIndex {
    if (!this.index) {
      this.index = loadSimilarityIndex(this.library.db);
      this.known = new Set(this.caseIds());
      this.dirty = false;
      this.linkInBackground();
    } else if (this.dirty) {
      this.dirty = false;
      this.reconcile(this.index);
    }
    return this.index;
  }

  /** Brings the index in line with the database: index new cases, drop deleted ones. */
  private reconcile(index: SimilarityIndex): void {
    const ids = new Set(this.caseIds());
    for (const id of this.known) {
      if (!ids.has(id)) {
        index.remove(id);
        this.known.delete(id);
      }
    }
    for (const id of ids) {
      if (this.known.has(id)) continue;
      this.known.add(id);
      const report = this.library.getCase(id)?.report;
      if (report) index.add(id, report, { link: true });
    }
  }

  private linkInBackground(): void {
    if (this.linking) return;
    const step = () => {
      this.linking = undefined;
      if (this.index && this.index.linkUnlinked(LINK_SLICE_MS) > 0) {
        this.linking = setTimeout(step, 5);
        this.linking.unref?.();
      }
    };
    this.linking = setTimeout(step, 5);
    this.linking.unref?.();
  }

  /** Stops background work (the library is closing). */
  dispose(): void {
    if (this.linking) clearTimeout(this.linking);
    this.linking = undefined;
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
    index.linkUnlinked(GROUP_LINK_BUDGET_MS);
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
