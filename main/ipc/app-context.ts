import type { Library } from '../library/library';
import type { EventBus } from './events';

/** What the IPC handlers work on; one per running app or server. */
export interface AppContext {
  library: Library;
  libraryDir: string;
  mode: 'electron' | 'browser';
  events: EventBus;
  /** Electron: the File → Import… dialog, for the UI's Import button; absent in browser mode */
  chooseImportPaths?: () => Promise<string[] | null>;
  /** Electron: whether the user chose this path (dropped or picked it); 'import:paths' refuses the rest */
  importPathAllowed?: (p: string) => boolean;
}
