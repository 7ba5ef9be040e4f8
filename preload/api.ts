// The typed API the renderer sees as `window.crashbench`, in Electron (from
// the preload) and in browser mode (from renderer/src/lib/web-transport).
import type { Channel, EventName, IpcEvents, IpcResult, RequestOf, ResponseOf } from '../main/ipc/contract';

export interface CrashbenchApi {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<IpcResult<ResponseOf<C>>>;
  on<E extends EventName>(event: E, listener: (payload: IpcEvents[E]) => void): () => void;
  /** 'electron' when running in the desktop app, 'browser' in browser mode. */
  readonly transport: 'electron' | 'browser';
  /** Electron only: the real path of a dropped File (browser mode uploads instead). */
  pathForFile?(file: File): string;
}

export const INVOKE_CHANNEL = 'crashbench:invoke';
export const EVENT_CHANNEL = 'crashbench:event';
/** The preload tells main which real paths the user dropped; main imports only those through 'import:paths'. */
export const GRANT_PATH_CHANNEL = 'crashbench:grant-path';
