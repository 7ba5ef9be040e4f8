// The IPC contract: one typed table, channel -> request schema -> response
// type. main validates every request against its schema before acting; the
// preload and the browser-mode client expose exactly these channels.
import { z } from 'zod';
import type { CaseDetail, CaseSummary } from '../library/types';

/** A phantom value that carries a response type through the table. */
const reply = <T>() => undefined as unknown as T;

const caseId = z.number().int().positive();
const isoDate = z.string().max(40);

export const caseQuerySchema = z
  .object({
    text: z.string().max(500).optional(),
    code: z.string().max(20).optional(),
    module: z.string().max(260).optional(),
    bucket: z.string().max(500).optional(),
    tag: z.string().max(100).optional(),
    status: z.enum(['new', 'investigating', 'resolved', 'error']).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    sort: z.enum(['crashTime', 'imported', 'code', 'module', 'bucket', 'title', 'status']).optional(),
    order: z.enum(['asc', 'desc']).optional(),
    offset: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(5000).optional(),
  })
  .strict();

export interface AppInfo {
  version: string;
  mode: 'electron' | 'browser';
  libraryDir: string;
  platform: string;
}

export const ipcContract = {
  'app:info': { request: z.object({}).strict(), response: reply<AppInfo>() },
  'cases:list': { request: caseQuerySchema, response: reply<{ total: number; rows: CaseSummary[] }>() },
  'cases:get': { request: z.object({ id: caseId }).strict(), response: reply<CaseDetail>() },
} as const;

export type Channel = keyof typeof ipcContract;
export type RequestOf<C extends Channel> = z.input<(typeof ipcContract)[C]['request']>;
export type ResponseOf<C extends Channel> = (typeof ipcContract)[C]['response'];

export type IpcErrorCode = 'invalid-request' | 'unknown-channel' | 'not-found' | 'bad-input' | 'cancelled' | 'internal';
export interface IpcError {
  code: IpcErrorCode;
  message: string;
}
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** Events main pushes to the renderer (import progress and the like). */
export interface IpcEvents {
  'library:changed': { reason: string };
  /** files the OS asked the app to open (file association, second instance) */
  'app:open-files': { paths: string[] };
}
export type EventName = keyof IpcEvents;

export const CHANNELS = Object.keys(ipcContract) as Channel[];

/** Thrown by handlers to answer a typed error instead of 'internal'. */
export class IpcFailure extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
  ) {
    super(message);
  }
}
