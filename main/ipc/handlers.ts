import fs from 'node:fs';
import { IcedDisassembler } from '../disasm/iced';
import { VERSION } from '../version';
import { compareReports } from '../../native-free-core/similarity/compare';
import { hex } from '../../native-free-core/model/hex';
import type { AppContext } from './app-context';
import { CaseDumpCache, overlaySpace, readCaseMemory } from './case-dumps';
import { attachStructure, findPoolBlockInMemory, findPoolBlockInTranscript } from '../../native-free-core/analysis/pool';
import { disassembleAround } from './case-disasm';
import { caseDt } from './case-types';
import { IpcFailure } from './contract';
import type { Handlers } from './dispatch';
import { ImportJobs } from './import-jobs';
import { createImporter } from './importer';
import { symbolPathForLibrary } from '../settings/settings';
import { NotFoundError } from '../library/library';
import { reanalyzeCaseInWorker } from '../library/reanalyze';
import { readSettingsReply, writeSettings } from '../settings/settings-channel';
import { SimilarCases } from './similar-cases';

const jobsByContext = new WeakMap<AppContext, ImportJobs>();

/** The import jobs of one app context (the upload route and the Electron shell share them with the handlers). */
export function importJobsFor(ctx: AppContext): ImportJobs {
  let jobs = jobsByContext.get(ctx);
  if (!jobs) {
    jobs = new ImportJobs(ctx, createImporter(ctx.library));
    jobsByContext.set(ctx, jobs);
  }
  return jobs;
}

/** The handler table, served over Electron IPC and over the browser-mode HTTP transport alike. */
export function createHandlers(ctx: AppContext): Handlers {
  const lib = ctx.library;
  const dumps = new CaseDumpCache(lib, () => symbolPathForLibrary(lib.dir));
  const jobs = importJobsFor(ctx);
  const similar = new SimilarCases(lib, ctx.events);
  let disassembler: IcedDisassembler | undefined;

  const detail = (id: number) => {
    const d = lib.getCase(id);
    if (!d) throw new IpcFailure('not-found', `case ${id} does not exist`);
    return d;
  };
  const summary = (id: number) => {
    const s = lib.getSummary(id);
    if (!s) throw new IpcFailure('not-found', `case ${id} does not exist`);
    return s;
  };
  const changed = (reason: string) => ctx.events.emit('library:changed', { reason });
  const bigAddress = (a: string) => BigInt(a);

  return {
    'app:info': () => ({ version: VERSION, mode: ctx.mode, libraryDir: ctx.libraryDir, platform: process.platform }),
    'cases:list': (query) => lib.listCases(query),
    'cases:get': ({ id }) => detail(id),
    'cases:counts': ({ key, query, limit }) => lib.countsBy(key, query ?? {}, limit),
    'cases:count-without-crash-time': ({ query }) => lib.countWithoutCrashTime(query ?? {}),
    'cases:rename': ({ id, title }) => {
      summary(id);
      lib.renameCase(id, title);
      changed(`case ${id} renamed`);
      return summary(id);
    },
    'cases:set-tags': ({ id, tags }) => {
      summary(id);
      lib.setTags(id, tags);
      changed(`case ${id} tags`);
      return summary(id);
    },
    'cases:set-status': ({ id, status }) => {
      summary(id);
      lib.setStatus(id, status);
      changed(`case ${id} status`);
      return summary(id);
    },
    'cases:reanalyze': async ({ id }) => {
      summary(id);
      const outcome = await reanalyzeCaseInWorker(lib, id, symbolPathForLibrary(lib.dir)).catch((e: unknown) => {
        throw e instanceof NotFoundError ? new IpcFailure('not-found', e.message) : e;
      });
      if (!outcome.ok) throw new IpcFailure('bad-input', outcome.error);
      // the cached parse walked the stack with the old symbols
      dumps.forget(id);
      changed(`case ${id} re-analysed`);
      return { summary: summary(id), staleEvidence: outcome.staleEvidence };
    },
    'cases:delete': ({ id }) => {
      summary(id);
      dumps.forget(id);
      lib.deleteCase(id);
      changed(`case ${id} deleted`);
      return { deleted: id };
    },
    'cases:export': ({ id, format }) => {
      summary(id);
      return { text: lib.exportCase(id, format) };
    },
    'cases:similar': ({ id, limit }) => {
      summary(id);
      return similar.top(id, limit ?? 20);
    },
    'cases:similarity-groups': ({ threshold }) => similar.groups(threshold),
    'cases:summaries': ({ ids }) => ids.map((i) => lib.getSummary(i)).filter((s): s is NonNullable<typeof s> => Boolean(s)),
    'cases:compare': ({ left, right }) => {
      const a = detail(left);
      const b = detail(right);
      if (!a.report || !b.report) throw new IpcFailure('bad-input', `case ${a.report ? right : left} has no readable report to compare`);
      return compareReports(a.report, b.report, { leftName: a.title, rightName: b.title });
    },
    'case:memory': ({ caseId, address, length }) => {
      const mem = dumps.get(caseId);
      if (!mem) throw new IpcFailure('not-found', `case ${caseId} has no report`);
      const start = bigAddress(address);
      const read = readCaseMemory(mem, start, length);
      const source = read.fromDump && read.fromText ? 'mixed' : read.fromDump ? 'dump' : read.fromText ? 'transcript' : 'none';
      return { address: hex(start), length, bytes: read.bytes, source };
    },
    'case:transcript': ({ caseId, from, to }) => {
      const d = detail(caseId);
      const file = lib.dumpPath(caseId);
      if (d.format !== 'windbg-text' || !file) throw new IpcFailure('bad-input', `case ${caseId} is not a transcript`);
      return transcriptLines(file, from, Math.min(to, from + 500));
    },
    'case:pool': ({ caseId, address }) => {
      const mem = dumps.get(caseId);
      if (!mem) throw new IpcFailure('not-found', `case ${caseId} has no report`);
      const a = bigAddress(address);
      const arch = mem.report.system.arch;
      const found = findPoolBlockInMemory(overlaySpace(mem), arch, a) ?? findPoolBlockInTranscript(mem.report, arch, a);
      if (!found) return { query: hex(a) };
      const info = attachStructure(mem.report, found);
      return {
        query: hex(a),
        block: {
          address: hex(info.address),
          size: info.size,
          headerSize: info.headerSize,
          bodyAddress: hex(info.bodyAddress),
          tag: info.tag,
          allocated: info.allocated,
          offsetInBlock: info.offsetInBlock,
          region: info.region,
          source: info.source,
          tagDescription: info.tagInfo?.description,
          tagBinary: info.tagInfo?.binary,
          structure: info.structure,
        },
      };
    },
    'case:probe': ({ caseId, addresses }) => {
      const mem = dumps.get(caseId);
      if (!mem) throw new IpcFailure('not-found', `case ${caseId} has no report`);
      return addresses.map((a) => readCaseMemory(mem, bigAddress(a), 1).bytes[0] !== null);
    },
    'case:disassemble': ({ caseId, address, before, after }) => {
      const mem = dumps.get(caseId);
      if (!mem) throw new IpcFailure('not-found', `case ${caseId} has no report`);
      disassembler ??= new IcedDisassembler();
      return disassembleAround(mem, disassembler, bigAddress(address), before ?? 8, after ?? 12);
    },
    'case:dt': (request) => caseDt(dumps.get(request.caseId), symbolPathForLibrary(lib.dir), request),
    'hypotheses:add': ({ caseId, text, status, confidence }) => {
      summary(caseId);
      return lib.addHypothesis(caseId, { text, status, confidence });
    },
    'hypotheses:update': ({ id, ...patch }) => lib.updateHypothesis(id, patch),
    'hypotheses:delete': ({ id }) => {
      lib.deleteHypothesis(id);
      return { deleted: id };
    },
    'evidence:add': ({ hypothesisId, ref, note }) => lib.addEvidence(hypothesisId, ref, note),
    'evidence:remove': ({ id }) => {
      lib.removeEvidence(id);
      return { deleted: id };
    },
    'notes:add': ({ caseId, text }) => {
      summary(caseId);
      return lib.addNote(caseId, text);
    },
    'notes:update': ({ id, text }) => lib.updateNote(id, text),
    'notes:delete': ({ id }) => {
      lib.deleteNote(id);
      return { deleted: id };
    },
    'import:text': ({ text, name }) => jobs.importText(text, safeName(name) ?? `pasted-${new Date().toISOString().replace(/[:.]/g, '-')}.txt`),
    'import:paths': ({ paths, jobId }) => {
      const refused = ctx.importPathAllowed ? paths.filter((p) => !ctx.importPathAllowed!(p)) : [];
      if (refused.length) throw new IpcFailure('invalid-request', `import:paths: not a file the user dropped or chose: ${refused[0]}`);
      return jobs.importPaths(paths, jobId);
    },
    'import:cancel': ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    'import:dialog': async () => {
      if (!ctx.chooseImportPaths) throw new IpcFailure('bad-input', 'no file dialog in browser mode: drop files on the window or paste text');
      const paths = await ctx.chooseImportPaths();
      return paths && paths.length > 0 ? jobs.importPaths(paths) : null;
    },
    'settings:get': () => readSettingsReply(lib.dir),
    'settings:set': ({ symbolPath }) => {
      let saved;
      try {
        saved = writeSettings(lib.dir, symbolPath);
      } catch (e) {
        throw new IpcFailure('bad-input', e instanceof Error ? e.message : String(e));
      }
      // dumps kept open were walked with the old folders
      dumps.closeAll();
      return saved;
    },
  };
}

const MAX_TRANSCRIPT_BYTES = 64 * 1024 * 1024;

/** Lines from..to (1-based, inclusive) of a stored transcript, CRLF folded as the parser does. */
function transcriptLines(file: string, from: number, to: number): { first: number; lines: string[]; total: number } {
  if (fs.statSync(file).size > MAX_TRANSCRIPT_BYTES) throw new IpcFailure('bad-input', 'transcript too large to show');
  const all = fs.readFileSync(file, 'utf8').replace(/\r\n?/g, '\n').split('\n');
  return { first: from, lines: all.slice(from - 1, to).map((l) => l.slice(0, 4096)), total: all.length };
}

/** A display name from the renderer, reduced to a plain file name. */
function safeName(name: string | undefined): string | undefined {
  const base = name?.split(/[\\/]/).pop()?.replace(/[\u0000-\u001f]/g, '').trim();
  return base ? base.slice(0, 200) : undefined;
}
