// The only bridge between the sandboxed renderer and main: two IPC channels,
// no Node APIs exposed. main validates every request against the contract.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { CrashbenchApi } from './api';
import { EVENT_CHANNEL, GRANT_PATH_CHANNEL, INVOKE_CHANNEL } from './api';

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
  pathForFile: (file) => {
    // only a File the user dropped or picked has a real path; main accepts imports of those paths alone
    const p = webUtils.getPathForFile(file);
    if (p) ipcRenderer.send(GRANT_PATH_CHANNEL, p);
    return p;
  },
};

contextBridge.exposeInMainWorld('crashbench', api);
