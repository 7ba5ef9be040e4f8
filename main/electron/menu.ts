import { app, dialog, Menu, shell, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';

interface MenuOptions {
  libraryDir: string;
  getWindow(): BrowserWindow | null;
  onImport(paths: string[]): void;
}

/** File → Import…, Open library folder; Edit; View; Help → About. */
export function buildMenu(options: MenuOptions): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        {
          label: 'Import…',
          accelerator: 'CmdOrCtrl+O',
          click: async () => {
            const win = options.getWindow();
            const result = await (win ? dialog.showOpenDialog(win, importDialogOptions()) : dialog.showOpenDialog(importDialogOptions()));
            if (!result.canceled) options.onImport(result.filePaths);
          },
        },
        { label: 'Open library folder', click: () => void shell.openPath(options.libraryDir) },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    {
      role: 'help',
      submenu: [
        {
          label: 'About Crashbench',
          click: () =>
            void dialog.showMessageBox({
              type: 'info',
              title: 'About Crashbench',
              message: `Crashbench ${app.getVersion()}`,
              detail: 'A workbench for Windows crash dumps, minidumps and WinDbg transcripts.',
            }),
        },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}

export function importDialogOptions(): Electron.OpenDialogOptions {
  return {
    title: 'Import crash dumps',
    properties: ['openFile', 'openDirectory', 'multiSelections'],
    filters: [
      { name: 'Crash dumps and transcripts', extensions: ['dmp', 'mdmp', 'txt', 'log'] },
      { name: 'All files', extensions: ['*'] },
    ],
  };
}
