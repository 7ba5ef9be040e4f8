// Browser mode: the same CrashbenchApi as the Electron preload, over the
// loopback HTTP transport. The token comes from the URL main printed.
import type { CrashbenchApi } from '../../../preload/api';
import type { EventName, IpcEvents, IpcResult } from '../../../main/ipc/contract';

export function createWebTransport(token: string): CrashbenchApi {
  let source: EventSource | null = null;
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  function ensureEvents(): EventSource {
    if (!source) source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
    return source;
  }

  return {
    transport: 'browser',
    async invoke(channel, request) {
      try {
        const res = await fetch(`/api/invoke/${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-crashbench-token': token },
          body: JSON.stringify(request ?? {}),
        });
        if (!res.ok) return { ok: false, error: { code: 'internal', message: `${res.status} ${await res.text()}` } } as IpcResult<never>;
        return (await res.json()) as IpcResult<never>;
      } catch (e) {
        return { ok: false, error: { code: 'internal', message: `the Crashbench server is not reachable (${String(e)}); is it still running?` } } as IpcResult<never>;
      }
    },
    on<E extends EventName>(event: E, listener: (payload: IpcEvents[E]) => void) {
      const es = ensureEvents();
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
        es.addEventListener(event, (m) => {
          const payload = JSON.parse((m as MessageEvent<string>).data);
          for (const l of listeners.get(event) ?? []) l(payload);
        });
      }
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
  };
}
