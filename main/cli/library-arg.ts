import path from 'node:path';
import { Library } from '../library/library';
import { defaultLibraryDir } from '../paths';
import { flagString, type ParsedArgs } from './args';

export function libraryDirOf(args: ParsedArgs): string {
  return path.resolve(flagString(args, 'library') ?? process.env.CRASHBENCH_LIBRARY ?? defaultLibraryDir());
}

/** Opens the library the command names (--library DIR, else the app's) and closes it afterwards. */
export async function withLibrary<T>(args: ParsedArgs, fn: (library: Library) => T | Promise<T>): Promise<T> {
  const library = Library.open(libraryDirOf(args));
  try {
    return await fn(library);
  } finally {
    library.close();
  }
}
