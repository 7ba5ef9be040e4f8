import { Library } from '../library/library';
import type { ParsedArgs } from './args';
import { libraryDirOf } from './library-dir';

export { libraryDirOf };

/** Opens the library the command names (--library DIR, else the app's) and closes it afterwards. */
export async function withLibrary<T>(args: ParsedArgs, fn: (library: Library) => T | Promise<T>): Promise<T> {
  const library = Library.open(libraryDirOf(args));
  try {
    return await fn(library);
  } finally {
    library.close();
  }
}
