import fs from 'node:fs';
import path from 'node:path';
import { parseWinDbgText } from '../../native-free-core/formats/windbg-text';
import { framesFromCallSites } from '../../native-free-core/similarity/call-site';
import { frameLabel } from '../../native-free-core/similarity/format-comparison';
import { stackSignature } from '../../native-free-core/similarity/signature';
import { SEED_CRASH1_CALL_SITES, SEED_CRASH2_CALL_SITES } from './seed-stacks';
import { makeBugs, prng, vary, VARIATIONS, type Variation } from './synthetic';

/**
 * The labelled set: each pair is a query stack and the gallery stack that is
 * the same bug. Every pair's positive goes into one gallery; for a query
 * every other gallery stack is a distractor. Stacks are call-site lists.
 */
export interface LabelledPair {
  query: string[];
  positive: number;
  /** a gallery entry left out of this query's ranking (the seed query's own stack). */
  exclude?: number;
  /** where the pair comes from: 'seed', 'corpus:<file>', 'synthetic' */
  source: string;
  variation: Variation | 'seed-similar' | 'mixed';
}

export interface LabelledSet {
  gallery: { stack: string[]; source: string }[];
  pairs: LabelledPair[];
}

export const CORPUS_DIR = path.resolve(import.meta.dirname, '../../../shared/corpus');

/**
 * Stacks of the corpus transcripts (windbg-text/*.txt and the two seed
 * crashes) as the transcript importer reads them, one bug each, as call
 * sites (`module!function+0xoffset`).
 */
export function corpusStacks(corpusDir = CORPUS_DIR): { stack: string[]; source: string }[] {
  const out: { stack: string[]; source: string }[] = [];
  for (const dir of ['windbg-text', 'seed']) {
    for (const f of fs.readdirSync(path.join(corpusDir, dir)).sort()) {
      if (!f.endsWith('.txt') || f === 'debugging-race-conditions.txt') continue;
      const { report } = parseWinDbgText(fs.readFileSync(path.join(corpusDir, dir, f), 'utf8'), f);
      out.push({ stack: report.stack.map(frameLabel), source: `corpus:${dir}/${f}` });
    }
  }
  return out;
}

/**
 * Builds the set: every corpus stack and `syntheticBugs` synthetic bugs
 * (in families of siblings) are in the gallery once (a synthetic one as a
 * randomly varied crash); each variation of each of them is a query, plus
 * two queries with a random mix of variations; the two seed crashes are a pair in
 * each direction (the seed's own "similar crashes" example).
 */
export function buildLabelledSet(options: { syntheticBugs?: number; seed?: number; corpusDir?: string } = {}): LabelledSet {
  const r = prng(options.seed ?? 10);
  const gallery: LabelledSet['gallery'] = [];
  const pairs: LabelledPair[] = [];
  const bases: { stack: string[]; source: string }[] = corpusStacks(options.corpusDir);
  for (const b of makeBugs(options.syntheticBugs ?? 300, options.seed ?? 10)) bases.push({ stack: b.frames, source: 'synthetic' });
  for (const base of bases) {
    // a stack made only of bugcheck / dispatch frames has nothing to match on
    if (stackSignature({ stack: framesFromCallSites(base.stack) }).length === 0) continue;
    const isCorpus = base.source.startsWith('corpus');
    // a synthetic gallery entry is itself one varied crash of its bug
    const other = VARIATIONS.filter((v) => v !== 'deeper-fault' && v !== 'other-fault-point' && r() < 0.25);
    const g = gallery.push({ stack: isCorpus ? base.stack : vary(base.stack, other, r), source: base.source }) - 1;
    const plain = base.stack.map((s) => s.replace(/\+0x[0-9a-f]+$/i, ''));
    for (const v of VARIATIONS) pairs.push({ query: vary(plain, [v], r), positive: g, source: base.source, variation: v });
    for (let k = 0; k < 2; k++) {
      // three different variations at once
      const mix = [...VARIATIONS].sort(() => r() - 0.5).slice(0, 3);
      pairs.push({ query: vary(plain, mix, r), positive: g, source: base.source, variation: 'mixed' });
    }
  }
  const seed1 = gallery.findIndex((g) => g.source.includes('crash1-analyze'));
  const seed2 = gallery.findIndex((g) => g.source.includes('crash2-stack'));
  if (seed1 >= 0 && seed2 >= 0) {
    pairs.push({ query: SEED_CRASH1_CALL_SITES, positive: seed2, exclude: seed1, source: 'seed', variation: 'seed-similar' });
    pairs.push({ query: SEED_CRASH2_CALL_SITES, positive: seed1, exclude: seed2, source: 'seed', variation: 'seed-similar' });
  }
  return { gallery, pairs };
}
