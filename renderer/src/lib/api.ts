// The renderer's single way to reach main: the preload's window.crashbench in
// Electron, or the loopback transport in browser mode.
import type { CrashbenchApi } from '../../../preload/api';
import type { Channel, RequestOf, ResponseOf } from '../../../main/ipc/contract';
import { createWebTransport } from './web-transport';

declare global {
  interface Window {
    crashbench?: CrashbenchApi;
  }
}

function connect(): CrashbenchApi {
  if (window.crashbench) return window.crashbench;
  const params = new URLSearchParams(location.search);
  const token = params.get('token') ?? sessionStorage.getItem('crashbench-token') ?? '';
  if (token) sessionStorage.setItem('crashbench-token', token);
  return createWebTransport(token);
}

export const api: CrashbenchApi = connect();

/** Calls a channel and throws the typed error's message on failure. */
export async function call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
  const result = await api.invoke(channel, request);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as ResponseOf<C>;
}
