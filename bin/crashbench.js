#!/usr/bin/env node
// The `crashbench` command. `npm ci` builds dist/ (the package's prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli/crashbench.mjs', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('crashbench: not built yet; run `npm run build:node` in the project folder first\n');
  process.exit(2);
}
await import(cli);
