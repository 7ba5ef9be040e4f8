import path from 'node:path';
import { isParseError } from '../../native-free-core/io/parse-error';

/** One line that tells the user what went wrong with which file. */
export function describeFileError(file: string, error: unknown): string {
  if (isParseError(error)) return error.message;
  const e = error as NodeJS.ErrnoException;
  const name = path.basename(file);
  if (e?.code === 'ENOENT') return `${name}: no such file (${file})`;
  if (e?.code === 'EISDIR') return `${name}: is a folder, not a file`;
  if (e?.code === 'EACCES') return `${name}: permission denied`;
  return `${name}: ${e?.message ?? String(error)}`;
}
