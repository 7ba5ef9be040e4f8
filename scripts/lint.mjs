// Lint: rules a type-checker does not see. The layer import rules are a
// Vitest test (tests/unit/layers.test.ts); here: no debugger statements,
// no focused tests, no stray console.log in the pure core, no files that
// grew past a readable size.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const MAX_LINES = 900;
const problems = [];

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return ['node_modules', 'dist', 'out', 'fixtures'].includes(e.name) ? [] : walk(p);
    return /\.(ts|svelte|mjs)$/.test(e.name) ? [p] : [];
  });
}

for (const top of ['native-free-core', 'main', 'preload', 'renderer/src', 'tests', 'scripts']) {
  for (const file of walk(path.join(root, top))) {
    const rel = path.relative(root, file);
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (/^\s*debugger;?\s*$/.test(line)) problems.push(`${rel}:${i + 1}: debugger statement`);
      if (/\b(it|describe|test)\.only\(/.test(line)) problems.push(`${rel}:${i + 1}: focused test (.only)`);
      if (rel.startsWith('native-free-core') && !/\.test\.ts$/.test(rel) && /console\.log\(/.test(line)) problems.push(`${rel}:${i + 1}: console.log in the pure core`);
    });
    const isData = /catalog|\.data\.ts$/.test(rel);
    if (!isData && lines.length > MAX_LINES) problems.push(`${rel}: ${lines.length} lines (split files past ${MAX_LINES})`);
  }
}

if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`lint: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log('lint: ok');
