// Browser mode: `npm run web`, or `npm start` where no Electron binary is installed.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppContext } from '../app/context';
import { createHandlers } from '../ipc/handlers';
import { defaultLibraryDir } from '../paths';
import { startWebServer } from './server';

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const libraryDir = path.resolve(argValue('library') ?? defaultLibraryDir());
const staticDir = path.resolve(argValue('static') ?? path.join(here, '..', 'renderer'));
const port = Number(argValue('port') ?? 0);

const ctx = createAppContext('browser', libraryDir);
const server = await startWebServer({ ctx, handlers: createHandlers(ctx), staticDir, port });
console.log(`Crashbench (browser mode), library ${libraryDir}`);
console.log(`Open ${server.url}`);
if (process.send) process.send({ url: server.url, token: server.token });

const shutdown = async () => {
  await server.close();
  ctx.library.close();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
