// Child process of crash-safety.test.ts: imports a folder into a library and
// reports each finished file on stdout, until the test kills it.
import { importPaths } from '../../main/import/import-files';
import { Library } from '../../main/library/library';

const [dir, src] = process.argv.slice(2);
if (!dir || !src) throw new Error('usage: crash-safety-child LIBRARY_DIR SOURCE_DIR');
const library = Library.open(dir);
process.stdout.write('open\n');
await importPaths(library, [src], { workers: 2, onProgress: (p) => process.stdout.write(`done ${p.filesDone}\n`) });
library.close();
process.stdout.write('finished\n');
