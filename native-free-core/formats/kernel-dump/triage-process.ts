import type { ByteSource } from '../../io/byte-source';
import type { TRIAGE_DUMP } from './triage-dump';

/**
 * Offsets inside EPROCESS / ETHREAD change with every Windows build, so the
 * process name and thread id of a triage dump are read only for builds whose
 * offsets are known (x64), and only when the copies agree with each other:
 * ETHREAD.Cid.UniqueProcess must equal EPROCESS.UniqueProcessId and the
 * name must be printable.
 */
interface KnownOffsets {
  builds: [number, number];
  UniqueProcessId: number;
  ImageFileName: number;
  Cid: number;
}

const X64_OFFSETS: KnownOffsets[] = [
  { builds: [19041, 19045], UniqueProcessId: 0x440, ImageFileName: 0x5a8, Cid: 0x478 },
  { builds: [7600, 7601], UniqueProcessId: 0x180, ImageFileName: 0x2e0, Cid: 0x3b0 },
];

export interface TriageProcess {
  process: string;
  processId: number;
  threadId: number;
  offsets: KnownOffsets;
}

export function readTriageProcess(source: ByteSource, t: TRIAGE_DUMP, build: number): TriageProcess | null {
  if (t.bits !== 64 || !t.ProcessOffset || !t.ThreadOffset) return null;
  const o = X64_OFFSETS.find((k) => build >= k.builds[0] && build <= k.builds[1]);
  if (!o) return null;
  if (t.ProcessOffset + o.ImageFileName + 15 > source.size || t.ThreadOffset + o.Cid + 16 > source.size) return null;
  const p = source.read(t.ProcessOffset + o.UniqueProcessId, 8, 'EPROCESS.UniqueProcessId');
  const pid = new DataView(p.buffer, p.byteOffset, 8).getBigUint64(0, true);
  const c = source.read(t.ThreadOffset + o.Cid, 16, 'ETHREAD.Cid');
  const cv = new DataView(c.buffer, c.byteOffset, 16);
  const cidProcess = cv.getBigUint64(0, true);
  const cidThread = cv.getBigUint64(8, true);
  if (pid !== cidProcess || pid > 0xffffffffn || cidThread > 0xffffffffn) return null;
  const nameBytes = source.read(t.ProcessOffset + o.ImageFileName, 15, 'EPROCESS.ImageFileName');
  let name = '';
  for (const b of nameBytes) {
    if (b === 0) break;
    if (b < 0x20 || b > 0x7e) return null;
    name += String.fromCharCode(b);
  }
  if (!name) return null;
  return { process: name, processId: Number(pid), threadId: Number(cidThread), offsets: o };
}
