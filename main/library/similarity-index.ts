import type Database from 'better-sqlite3';
import type { Arch, StackFrame } from '../../native-free-core/model/report';
import type { FrameStats } from '../../native-free-core/similarity/frame-stats';
import { profileOf, type ProfileSource, type SimilarityProfile } from '../../native-free-core/similarity/profile';
import { profileSimilarity, resolveWeights, stackFrameWeights, type SimilarityParts } from '../../native-free-core/similarity/similarity';
import type { FrameWeights } from '../../native-free-core/similarity/weights';

export type CaseId = number;

export interface SimilarCase {
  caseId: CaseId;
  score: number;
  parts: SimilarityParts;
}

interface Entry {
  id: CaseId;
  profile: SimilarityProfile;
  /** distinct token ids of this case (signatures, module, code), for removal. */
  tokens: number[];
}

/** Candidates re-scored exactly per query; the rest are ranked out by the inverted-index estimate. */
const CANDIDATES = 256;
/** Nearest neighbours remembered per case for grouping. */
const EDGES_PER_CASE = 8;

interface RankMode {
  candidates: number;
  /** tokens held by more cases than this are not used to find candidates (they still count in the exact score). */
  maxPosting: number;
}
const QUERY_MODE: RankMode = { candidates: CANDIDATES, maxPosting: Infinity };

/**
 * Linking only needs neighbours above a grouping threshold, and those share
 * the case's rarer frames: the long posting lists (nt!KiSystemServiceCopyEnd,
 * the module nt, bugcheck 0x3b) are skipped, which makes linking a whole
 * library at open affordable.
 */
function linkMode(caseCount: number): RankMode {
  return { candidates: 64, maxPosting: Math.max(64, Math.ceil(caseCount * 0.02)) };
}

/**
 * The "similar crashes" index of the case library: an in-memory inverted
 * index from frame signature (and faulting module, crash code and finding
 * kind) to the cases that hold it. Cases sharing none of these score 0 and
 * are not returned. A query sums, for each token it shares with a case,
 * the token's weight (position decay × IDF for frames; the part weights for
 * module and code), keeps the best CANDIDATES cases of that estimate, and
 * ranks those by the exact similarity (alignment included). It is also the
 * library's FrameStats: document frequencies are the posting-list lengths.
 */
export class SimilarityIndex implements FrameStats {
  private readonly entries: (Entry | undefined)[] = [];
  private readonly slotOf = new Map<CaseId, number>();
  private readonly freeSlots: number[] = [];
  private readonly tokenIds = new Map<string, number>();
  private readonly postings: number[][] = [];
  private readonly weights: FrameWeights;
  /** edges to nearest neighbours, by slot, found when cases were added with linking on. */
  private readonly edges = new Map<number, { slot: number; score: number }[]>();
  private acc = new Float64Array(0);
  /** frame weights per profile; IDF changes with every add or remove, which starts a new cache. */
  private weightCache = new WeakMap<SimilarityProfile, Float64Array>();

  constructor(weights?: Partial<FrameWeights>) {
    this.weights = resolveWeights(weights);
  }

  get caseCount(): number {
    return this.slotOf.size;
  }

  caseCountWith(signature: string): number {
    const t = this.tokenIds.get('f:' + signature);
    return t === undefined ? 0 : this.postings[t]!.length;
  }

  has(caseId: CaseId): boolean {
    return this.slotOf.has(caseId);
  }

  profile(caseId: CaseId): SimilarityProfile | undefined {
    const slot = this.slotOf.get(caseId);
    return slot === undefined ? undefined : this.entries[slot]!.profile;
  }

  /**
   * Adds (or replaces) a case. With `link`, its nearest neighbours are found
   * now and kept as grouping edges (the import path does this; a bulk load
   * at start does not, see linkUnlinked).
   */
  add(caseId: CaseId, source: ProfileSource | SimilarityProfile, options: { link?: boolean } = {}): void {
    if (this.slotOf.has(caseId)) this.remove(caseId);
    const profile = 'signatures' in source ? source : profileOf(source);
    const slot = this.freeSlots.pop() ?? this.entries.length;
    const tokens = [...new Set(tokenNames(profile))].map((name) => this.tokenId(name));
    this.entries[slot] = { id: caseId, profile, tokens };
    this.weightCache = new WeakMap();
    this.slotOf.set(caseId, slot);
    for (const t of tokens) this.postings[t]!.push(slot);
    if (options.link) this.link(slot);
  }

  remove(caseId: CaseId): boolean {
    const slot = this.slotOf.get(caseId);
    if (slot === undefined) return false;
    const entry = this.entries[slot]!;
    for (const t of entry.tokens) {
      const list = this.postings[t]!;
      const k = list.indexOf(slot);
      if (k >= 0) {
        list[k] = list[list.length - 1]!;
        list.pop();
      }
    }
    const mine = this.edges.get(slot) ?? [];
    for (const e of mine) {
      const theirs = this.edges.get(e.slot);
      if (theirs) this.edges.set(e.slot, theirs.filter((x) => x.slot !== slot));
    }
    this.edges.delete(slot);
    this.entries[slot] = undefined;
    this.weightCache = new WeakMap();
    this.slotOf.delete(caseId);
    this.freeSlots.push(slot);
    return true;
  }

  /** The k cases most similar to a case of the index (itself excluded) or to a report from outside. */
  topSimilar(query: CaseId | ProfileSource | SimilarityProfile, k = 20): SimilarCase[] {
    let profile: SimilarityProfile;
    let exclude = -1;
    if (typeof query === 'number') {
      const slot = this.slotOf.get(query);
      if (slot === undefined) return [];
      exclude = slot;
      profile = this.entries[slot]!.profile;
    } else {
      profile = 'signatures' in query ? query : profileOf(query);
    }
    return this.rank(profile, exclude, k, QUERY_MODE).map(({ slot, score, parts }) => ({ caseId: this.entries[slot]!.id, score, parts }));
  }

  /**
   * Groups every case by single linkage over the remembered neighbour
   * edges with score ≥ threshold; the group id is the case id of the
   * group's first case (lowest slot).
   */
  groups(threshold: number): Map<CaseId, CaseId> {
    const n = this.entries.length;
    const parent = new Int32Array(n);
    for (let i = 0; i < n; i++) parent[i] = i;
    const find = (x: number): number => {
      while (parent[x] !== x) {
        parent[x] = parent[parent[x]!]!;
        x = parent[x]!;
      }
      return x;
    };
    for (const [slot, list] of this.edges) {
      for (const e of list) {
        if (e.score < threshold) continue;
        const a = find(slot);
        const b = find(e.slot);
        if (a < b) parent[b] = a;
        else if (b < a) parent[a] = b;
      }
    }
    const out = new Map<CaseId, CaseId>();
    for (let slot = 0; slot < n; slot++) {
      const e = this.entries[slot];
      if (e) out.set(e.id, this.entries[find(slot)]!.id);
    }
    return out;
  }

  /** Finds neighbour edges for cases added without linking; stops after `budgetMs`. Returns how many are still unlinked. */
  linkUnlinked(budgetMs = Infinity): number {
    const start = performance.now();
    let left = 0;
    for (let slot = 0; slot < this.entries.length; slot++) {
      if (!this.entries[slot] || this.edges.has(slot)) continue;
      if (performance.now() - start > budgetMs) left++;
      else this.link(slot);
    }
    return left;
  }

  private link(slot: number): void {
    const found = this.rank(this.entries[slot]!.profile, slot, EDGES_PER_CASE, linkMode(this.caseCount));
    const mine = found.map((f) => ({ slot: f.slot, score: f.score }));
    this.edges.set(slot, mine);
    for (const f of mine) {
      const theirs = this.edges.get(f.slot) ?? [];
      if (!theirs.some((x) => x.slot === slot)) theirs.push({ slot, score: f.score });
      this.edges.set(f.slot, theirs);
    }
  }

  private tokenId(name: string): number {
    let t = this.tokenIds.get(name);
    if (t === undefined) {
      t = this.postings.length;
      this.tokenIds.set(name, t);
      this.postings.push([]);
    }
    return t;
  }

  private rank(profile: SimilarityProfile, exclude: number, k: number, mode: RankMode): { slot: number; score: number; parts: SimilarityParts }[] {
    const n = this.entries.length;
    if (this.acc.length < n) this.acc = new Float64Array(Math.max(1024, n * 2));
    const acc = this.acc;
    const w = this.weights;
    // frame tokens: each shared signature adds its share of the stack part (position decay × IDF)
    const fw = this.frameWeightsOf(profile);
    let totalFw = 0;
    for (const x of fw) totalFw += x;
    const stackShare = totalFw > 0 ? w.stack / totalFw : 0;
    const add = (t: number | undefined, value: number) => {
      if (t === undefined) return;
      const list = this.postings[t]!;
      if (list.length > mode.maxPosting) return;
      for (let i = 0; i < list.length; i++) acc[list[i]!] += value;
    };
    const seen = new Set<string>();
    for (let i = 0; i < profile.signatures.length; i++) {
      const sig = profile.signatures[i]!;
      if (seen.has(sig)) continue;
      seen.add(sig);
      add(this.tokenIds.get('f:' + sig), fw[i]! * stackShare);
    }
    const m = moduleToken(profile);
    const c = codeToken(profile);
    if (m) add(this.tokenIds.get(m), w.module);
    if (c) add(this.tokenIds.get(c), w.code);
    for (const kind of profile.findingKinds) add(this.tokenIds.get('k:' + kind), w.findings / profile.findingKinds.length);
    // the best candidates of the estimate (a bounded min-heap), clearing the accumulator on the way
    const heap = new MinHeap(Math.max(mode.candidates, k));
    for (let slot = 0; slot < n; slot++) {
      const estimate = acc[slot]!;
      if (estimate === 0) continue;
      acc[slot] = 0;
      if (slot !== exclude && this.entries[slot] !== undefined) heap.offer(slot, estimate);
    }
    const options = { stats: this, weights: w, weightCache: this.weightCache };
    const ranked = heap.slots().map((slot) => {
      const r = profileSimilarity(profile, this.entries[slot]!.profile, options);
      return { slot, score: r.score, parts: r.parts };
    });
    ranked.sort((a, b) => b.score - a.score || a.slot - b.slot);
    return ranked.slice(0, k);
  }

  private frameWeightsOf(profile: SimilarityProfile): Float64Array {
    let fw = this.weightCache.get(profile);
    if (!fw) {
      fw = stackFrameWeights(profile.signatures, this, this.weights);
      this.weightCache.set(profile, fw);
    }
    return fw;
  }
}

function moduleToken(p: SimilarityProfile): string | undefined {
  return p.faultingModule ? 'm:' + p.faultingModule : undefined;
}

function codeToken(p: SimilarityProfile): string | undefined {
  if (p.code.bugcheck) return 'b:' + p.code.bugcheck.code;
  if (p.code.exception) return 'e:' + p.code.exception.code;
  return undefined;
}

function tokenNames(p: SimilarityProfile): string[] {
  const out = p.signatures.map((s) => 'f:' + s);
  const m = moduleToken(p);
  const c = codeToken(p);
  if (m) out.push(m);
  if (c) out.push(c);
  for (const kind of p.findingKinds) out.push('k:' + kind);
  return out;
}

/** Keeps the `capacity` highest-scoring slots. */
class MinHeap {
  private readonly keys: Float64Array;
  private readonly vals: Int32Array;
  private size = 0;

  constructor(private readonly capacity: number) {
    this.keys = new Float64Array(capacity);
    this.vals = new Int32Array(capacity);
  }

  offer(slot: number, key: number): void {
    if (this.size < this.capacity) {
      let i = this.size++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (this.keys[p]! <= key) break;
        this.keys[i] = this.keys[p]!;
        this.vals[i] = this.vals[p]!;
        i = p;
      }
      this.keys[i] = key;
      this.vals[i] = slot;
      return;
    }
    if (key <= this.keys[0]!) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) break;
      const r = l + 1;
      const c = r < this.size && this.keys[r]! < this.keys[l]! ? r : l;
      if (this.keys[c]! >= key) break;
      this.keys[i] = this.keys[c]!;
      this.vals[i] = this.vals[c]!;
      i = c;
    }
    this.keys[i] = key;
    this.vals[i] = slot;
  }

  slots(): number[] {
    return Array.from(this.vals.subarray(0, this.size));
  }
}

/** The table holding each case's report JSON: `reports.json`, or `report_json` where the list columns live apart. */
function reportJsonTable(db: Database.Database): string {
  for (const table of ['reports', 'report_json']) {
    const columns = db.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[];
    if (columns.includes('json') && columns.includes('case_id')) return table;
  }
  throw new Error('the case library has no table of report JSON (reports.json or report_json.json)');
}

/** Frames read per case at load: enough for MAX_SIGNATURE_FRAMES matchable frames after skipped ones. */
const FRAMES_READ_PER_CASE = 64;

/**
 * Builds the index from the library database (the frames, reports and
 * findings tables), as the library does once at open. Frames come from
 * the frames table; bugcheck arguments and exception details from the
 * report JSON through SQLite's json_extract, so no report is parsed in JS.
 */
export function loadSimilarityIndex(db: Database.Database, weights?: Partial<FrameWeights>): SimilarityIndex {
  const index = new SimilarityIndex(weights);
  const sources = new Map<number, ProfileSource>();
  const jsonTable = reportJsonTable(db);
  const reportRows = db
    .prepare(
      `SELECT case_id AS id,
              json_extract(json, '$.bugcheck.code') AS bcCode,
              json_extract(json, '$.bugcheck.args') AS bcArgs,
              json_extract(json, '$.exception.code') AS exCode,
              json_extract(json, '$.exception.accessType') AS exAccess,
              json_extract(json, '$.system.arch') AS arch
       FROM ${jsonTable}`,
    )
    .iterate() as Iterable<{ id: number; bcCode: string | null; bcArgs: string | null; exCode: string | null; exAccess: string | null; arch: string | null }>;
  for (const r of reportRows) {
    const args = r.bcArgs ? (JSON.parse(r.bcArgs) as unknown) : [];
    sources.set(r.id, {
      stack: [],
      findings: [],
      system: r.arch ? { arch: r.arch as Arch } : {},
      bugcheck: r.bcCode ? { code: r.bcCode, args: Array.isArray(args) ? args.filter((a): a is string => typeof a === 'string') : [] } : undefined,
      exception: r.exCode ? { code: r.exCode, address: '0x0', accessType: (r.exAccess ?? undefined) as 'read' | 'write' | 'execute' | undefined } : undefined,
    });
  }
  // only what a signature needs: module, function, and the offset of a module without symbols
  const frameRows = db
    .prepare(`SELECT case_id, idx, module, function, offset FROM frames WHERE idx < ${FRAMES_READ_PER_CASE}`)
    .raw()
    .iterate() as Iterable<[number, number, string | null, string | null, string | null]>;
  let current: ProfileSource | undefined;
  let currentId = -1;
  for (const [id, idx, module, fn, offset] of frameRows) {
    if (id !== currentId) {
      currentId = id;
      current = sources.get(id);
    }
    if (!current) continue;
    const frame: StackFrame = { index: idx, address: '0x0', trust: 'transcript' };
    if (module !== null) frame.module = module;
    if (fn !== null) frame.function = fn;
    if (offset !== null) frame.offset = offset;
    (current.stack as StackFrame[]).push(frame);
  }
  for (const s of sources.values()) if (s.stack.length > 1) (s.stack as StackFrame[]).sort((a, b) => a.index - b.index);
  const kinds = new Map<number, Set<string>>();
  const findingRows = db.prepare('SELECT case_id, kind FROM findings').raw().iterate() as Iterable<[number, string]>;
  for (const [id, kind] of findingRows) {
    let set = kinds.get(id);
    if (!set) kinds.set(id, (set = new Set()));
    set.add(kind);
  }
  for (const [id, s] of sources) {
    const profile = profileOf(s);
    profile.findingKinds = [...(kinds.get(id) ?? [])].sort();
    index.add(id, profile);
  }
  return index;
}
