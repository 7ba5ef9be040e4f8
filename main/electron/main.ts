// The Electron main process: one secure window over the sandboxed renderer,
// the case library, and the same IPC handler table browser mode serves.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, Menu, shell, session, dialog } from 'electron';
import { createAppContext } from '../app/context';
import type { AppContext } from '../ipc/app-context';
import { dispatch } from '../ipc/dispatch';
import { createHandlers, importJobsFor } from '../ipc/handlers';
import { EVENT_CHANNEL, GRANT_PATH_CHANNEL, INVOKE_CHANNEL } from '../../preload/api';
import { CONTENT_SECURITY_POLICY, SECURE_WEB_PREFERENCES } from '../security';
import { buildMenu, importDialogOptions } from './menu';
import { loadWindowState, saveWindowState } from './window-state';

// The main process is an ES module: locate the preload and the renderer from this file.
const here = path.dirname(fileURLToPath(import.meta.url));
let mainWindow: BrowserWindow | null = null;
let ctx: AppContext | null = null;
const pendingOpenFiles: string[] = [];

function libraryDirFromArgs(argv: string[]): string | undefined {
  const i = argv.indexOf('--library');
  return i >= 0 ? argv[i + 1] : undefined;
}

function dumpPathsFromArgs(argv: string[]): string[] {
  return argv.slice(1).filter((a) => /\.(dmp|mdmp|txt|log)$/i.test(a) && !a.startsWith('--'));
}

function createWindow(): void {
  const userData = app.getPath('userData');
  const state = loadWindowState(userData);
  mainWindow = new BrowserWindow({
    x: state.x,
    y: state.y,
    width: state.width,
    height: state.height,
    minWidth: 800,
    minHeight: 500,
    title: 'Crashbench',
    show: false,
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: path.join(here, 'preload.cjs') },
  });
  if (state.maximized) mainWindow.maximize();
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('close', () => {
    if (!mainWindow) return;
    saveWindowState(userData, { ...mainWindow.getNormalBounds(), maximized: mainWindow.isMaximized() });
  });

  const contents = mainWindow.webContents;
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());

  void mainWindow.loadFile(path.join(here, '..', 'renderer', 'index.html'));
}

/** Files the OS handed us (file association, second instance, File → Import…): imported, then the case is shown. */
async function importFromOs(files: string[]): Promise<void> {
  if (!ctx || files.length === 0) return;
  ctx.events.emit('app:open-files', { paths: files });
  const outcome = await importJobsFor(ctx).importPaths(files);
  const first = [...outcome.imported, ...outcome.duplicates, ...outcome.failed].find((f) => f.caseId !== null);
  if (first?.caseId) ctx.events.emit('app:show-case', { caseId: first.caseId });
}

function start(): void {
  const libraryDir = path.resolve(libraryDirFromArgs(process.argv) ?? path.join(app.getPath('userData'), 'library'));
  try {
    ctx = createAppContext('electron', libraryDir);
  } catch (e) {
    dialog.showErrorBox('Crashbench cannot open its library', `${libraryDir}\n\n${e instanceof Error ? e.message : String(e)}\n\nCheck the folder's permissions, or start with --library DIR.`);
    app.exit(1);
    return;
  }
  ctx.chooseImportPaths = async () => {
    const options = importDialogOptions();
    const result = await (mainWindow ? dialog.showOpenDialog(mainWindow, options) : dialog.showOpenDialog(options));
    return result.canceled ? null : result.filePaths;
  };
  // paths the renderer may import: only those the preload saw on a File the user dropped
  const grantedPaths = new Set<string>();
  ipcMain.on(GRANT_PATH_CHANNEL, (event, p: unknown) => {
    if (event.senderFrame?.url && !event.senderFrame.url.startsWith('file://')) return;
    if (typeof p === 'string' && p.length > 0 && p.length <= 4096) grantedPaths.add(path.resolve(p));
  });
  ctx.importPathAllowed = (p) => grantedPaths.has(path.resolve(p));
  const handlers = createHandlers(ctx);
  ipcMain.handle(INVOKE_CHANNEL, (event, channel: unknown, request: unknown) => {
    if (event.senderFrame?.url && !event.senderFrame.url.startsWith('file://')) {
      return { ok: false, error: { code: 'invalid-request', message: 'requests are only accepted from the app' } };
    }
    return dispatch(handlers, channel, request);
  });
  ctx.events.subscribe((name, payload) => mainWindow?.webContents.send(EVENT_CHANNEL, name, payload));

  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    // No remote content: only the app's own files and devtools may load.
    const allowed = details.url.startsWith('file://') || details.url.startsWith('devtools://') || details.url.startsWith('data:');
    callback({ cancel: !allowed });
  });

  Menu.setApplicationMenu(buildMenu({ libraryDir, getWindow: () => mainWindow, onImport: (paths) => void importFromOs(paths) }));
  createWindow();
  // files given at start are imported once the UI is there to show their case
  const atStart = [...pendingOpenFiles, ...dumpPathsFromArgs(process.argv)];
  pendingOpenFiles.length = 0;
  mainWindow?.webContents.once('did-finish-load', () => void importFromOs(atStart));
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
    void importFromOs(dumpPathsFromArgs(argv));
  });
  app.on('open-file', (event, file) => {
    event.preventDefault();
    if (ctx) void importFromOs([file]);
    else pendingOpenFiles.push(file);
  });
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  app.whenReady().then(start, (e: unknown) => {
    console.error(e);
    app.exit(1);
  });
  app.on('window-all-closed', () => {
    ctx?.library.close();
    app.quit();
  });
}
