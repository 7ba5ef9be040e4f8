import type { StructReader } from '../../../io/struct-reader';
import { type MINIDUMP_LOCATION_DESCRIPTOR, type MINIDUMP_MEMORY_DESCRIPTOR, readLocation, readMINIDUMP_MEMORY_DESCRIPTOR } from './header';

export const SIZEOF_MINIDUMP_THREAD = 48;
export const SIZEOF_MINIDUMP_THREAD_EX = 64;

export interface MINIDUMP_THREAD {
  ThreadId: number;
  SuspendCount: number;
  PriorityClass: number;
  Priority: number;
  Teb: bigint;
  Stack: MINIDUMP_MEMORY_DESCRIPTOR;
  ThreadContext: MINIDUMP_LOCATION_DESCRIPTOR;
  /** MINIDUMP_THREAD_EX only (IA-64 register backing store). */
  BackingStore?: MINIDUMP_MEMORY_DESCRIPTOR;
}

export function readMINIDUMP_THREAD(r: StructReader, at: number, ex: boolean): MINIDUMP_THREAD {
  const t: MINIDUMP_THREAD = {
    ThreadId: r.u32(at, 'ThreadId'),
    SuspendCount: r.u32(at + 4, 'SuspendCount'),
    PriorityClass: r.u32(at + 8, 'PriorityClass'),
    Priority: r.u32(at + 12, 'Priority'),
    Teb: r.u64(at + 16, 'Teb'),
    Stack: readMINIDUMP_MEMORY_DESCRIPTOR(r, at + 24, 'Stack'),
    ThreadContext: readLocation(r, at + 40, 'ThreadContext'),
  };
  if (ex) t.BackingStore = readMINIDUMP_MEMORY_DESCRIPTOR(r, at + 48, 'BackingStore');
  return t;
}

/** MINIDUMP_THREAD_NAME: packed to 12 bytes, the name is a MINIDUMP_STRING at a 64-bit RVA. */
export const SIZEOF_MINIDUMP_THREAD_NAME = 12;
export interface MINIDUMP_THREAD_NAME {
  ThreadId: number;
  RvaOfThreadName: bigint;
}
export function readMINIDUMP_THREAD_NAME(r: StructReader, at: number): MINIDUMP_THREAD_NAME {
  return { ThreadId: r.u32(at, 'ThreadId'), RvaOfThreadName: r.u64(at + 4, 'RvaOfThreadName') };
}

export const SIZEOF_MINIDUMP_THREAD_INFO = 64;
export interface MINIDUMP_THREAD_INFO {
  ThreadId: number;
  DumpFlags: number;
  DumpError: number;
  ExitStatus: number;
  CreateTime: bigint;
  ExitTime: bigint;
  KernelTime: bigint;
  UserTime: bigint;
  StartAddress: bigint;
  Affinity: bigint;
}
export function readMINIDUMP_THREAD_INFO(r: StructReader, at: number): MINIDUMP_THREAD_INFO {
  return {
    ThreadId: r.u32(at, 'ThreadId'),
    DumpFlags: r.u32(at + 4, 'DumpFlags'),
    DumpError: r.u32(at + 8, 'DumpError'),
    ExitStatus: r.u32(at + 12, 'ExitStatus'),
    CreateTime: r.u64(at + 16, 'CreateTime'),
    ExitTime: r.u64(at + 24, 'ExitTime'),
    KernelTime: r.u64(at + 32, 'KernelTime'),
    UserTime: r.u64(at + 40, 'UserTime'),
    StartAddress: r.u64(at + 48, 'StartAddress'),
    Affinity: r.u64(at + 56, 'Affinity'),
  };
}
