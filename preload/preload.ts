// The only bridge between the sandboxed renderer and main: two IPC channels,
// no Node APIs exposed. main validates every request against the contract.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { CrashbenchApi } from './api';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './api';

const api: CrashbenchApi = {
  transport: 'electron',
  invoke: (channel, request) => ipcRenderer.invoke(INVOKE_CHANNEL, channel, request),
  on: (event, listener) => {
    const wrapped = (_e: unknown, name: string, payload: unknown) => {
      if (name === event) listener(payload as never);
    };
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
  },
  pathForFile: (file) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('crashbench', api);
