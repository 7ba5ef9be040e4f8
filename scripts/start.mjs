// `npm start`: the desktop app where an Electron binary is installed,
// otherwise browser mode (said in one line, with the URL to open).
// `npm run web` (--web) forces browser mode.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const forceWeb = args.includes('--web');
const passThrough = args.filter((a) => a !== '--web');

function electronBinary() {
  try {
    const pathFile = path.join(root, 'node_modules', 'electron', 'path.txt');
    if (!existsSync(pathFile)) return null;
    const bin = path.join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

/** better-sqlite3 is built for one ABI at a time; rebuild only when the installed build is for the other runtime. */
function ensureSqliteFor(runtime, electronBin) {
  const probe = runtime === 'electron'
    ? spawnSync(electronBin, ['-e', "require('better-sqlite3')(':memory:').close()"], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, cwd: root })
    : spawnSync(process.execPath, ['-e', "require('better-sqlite3')(':memory:').close()"], { cwd: root });
  if (probe.status === 0) return;
  if (runtime === 'electron') {
    console.log('Rebuilding better-sqlite3 for Electron (the installed build is for Node\'s ABI)…');
    spawnSync(process.execPath, [require.resolve('electron-builder/cli.js'), 'install-app-deps'], { stdio: 'inherit', cwd: root });
  } else {
    console.log('Rebuilding better-sqlite3 for Node (the installed build is for Electron\'s ABI)…');
    spawnSync('npm', ['rebuild', 'better-sqlite3'], { stdio: 'inherit', cwd: root });
  }
}

const electron = forceWeb ? null : electronBinary();
if (electron) {
  ensureSqliteFor('electron', electron);
  const child = spawn(electron, [path.join(root, 'dist', 'electron', 'main.mjs'), ...passThrough], { stdio: 'inherit', cwd: root });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!forceWeb) console.log('No Electron binary is installed (ELECTRON_SKIP_BINARY_DOWNLOAD?): serving Crashbench in browser mode instead.');
  ensureSqliteFor('node');
  const child = spawn(process.execPath, [path.join(root, 'dist', 'web', 'server.mjs'), ...passThrough], { stdio: 'inherit', cwd: root });
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}
