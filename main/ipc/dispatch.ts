import { isParseError } from '../../native-free-core/io/parse-error';
import { ipcContract, IpcFailure, type Channel, type IpcResult, type RequestOf, type ResponseOf } from './contract';

export type Handlers = { [C in Channel]: (request: RequestOf<C>) => Promise<ResponseOf<C>> | ResponseOf<C> };

/**
 * Validates a request from an untrusted renderer against the contract, runs
 * the handler and answers a typed result. Nothing the renderer sends reaches
 * a handler unvalidated.
 */
export async function dispatch(handlers: Handlers, channel: unknown, request: unknown): Promise<IpcResult<unknown>> {
  if (typeof channel !== 'string' || !Object.prototype.hasOwnProperty.call(ipcContract, channel)) {
    return { ok: false, error: { code: 'unknown-channel', message: `no such channel: ${String(channel).slice(0, 80)}` } };
  }
  const entry = ipcContract[channel as Channel];
  const parsed = entry.request.safeParse(request ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    return { ok: false, error: { code: 'invalid-request', message: `${channel}: ${issue?.message ?? 'invalid request'}${where}` } };
  }
  try {
    const handler = handlers[channel as Channel] as (r: unknown) => unknown;
    return { ok: true, value: await handler(parsed.data) };
  } catch (e) {
    if (e instanceof IpcFailure) return { ok: false, error: { code: e.code, message: e.message } };
    if (isParseError(e)) return { ok: false, error: { code: 'bad-input', message: e.message } };
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, error: { code: 'internal', message } };
  }
}
