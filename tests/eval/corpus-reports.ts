import fs from 'node:fs';
import path from 'node:path';
import { openDump } from '../../native-free-core/formats/open';
import { BufferByteSource } from '../../native-free-core/io/byte-source';
import type { CrashReport } from '../../native-free-core/model/report';

export const CORPUS = path.resolve(import.meta.dirname, '../../../shared/corpus');

/**
 * Every corpus case the importers open, by corpus-relative path: kernel
 * dumps, minidumps, transcripts and the seed; not the malformed files, the
 * ground-truth files or the seed article itself.
 */
export function corpusReports(corpus = CORPUS): Map<string, CrashReport> {
  const out = new Map<string, CrashReport>();
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (fs.statSync(full).isDirectory()) {
        if (!['malformed', 'licenses', 'symbols', 'expected'].includes(name)) walk(full);
        continue;
      }
      if (!/\.(dmp|txt)$/.test(name) || name === 'debugging-race-conditions.txt' || name.endsWith('.expected.txt')) continue;
      try {
        out.set(path.relative(corpus, full), openDump(new BufferByteSource(name, new Uint8Array(fs.readFileSync(full)))).report);
      } catch {
        // a file an importer refuses is left out of the library, as an import would
      }
    }
  };
  walk(corpus);
  return out;
}
