import { VERSION } from '../version';
import type { AppContext } from './app-context';
import { IpcFailure } from './contract';
import type { Handlers } from './dispatch';

/** The handler table, served over Electron IPC and over the browser-mode HTTP transport alike. */
export function createHandlers(ctx: AppContext): Handlers {
  return {
    'app:info': () => ({ version: VERSION, mode: ctx.mode, libraryDir: ctx.libraryDir, platform: process.platform }),
    'cases:list': (query) => ctx.library.listCases(query),
    'cases:get': ({ id }) => {
      const detail = ctx.library.getCase(id);
      if (!detail) throw new IpcFailure('not-found', `case ${id} does not exist`);
      return detail;
    },
  };
}
