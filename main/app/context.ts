import { Library } from '../library/library';
import type { AppContext } from '../ipc/app-context';
import { EventBus } from '../ipc/events';

/** Opens the library and builds what the IPC handlers need, for Electron and browser mode alike. */
export function createAppContext(mode: AppContext['mode'], libraryDir: string): AppContext {
  const library = Library.open(libraryDir);
  return { library, libraryDir, mode, events: new EventBus() };
}
