import path from 'node:path';
import { defaultLibraryDir } from '../paths';
import { flagString, type ParsedArgs } from './args';

/** The library a command works on: --library DIR, else CRASHBENCH_LIBRARY, else the app's. */
export function libraryDirOf(args: ParsedArgs): string {
  return path.resolve(flagString(args, 'library') ?? process.env.CRASHBENCH_LIBRARY ?? defaultLibraryDir());
}
