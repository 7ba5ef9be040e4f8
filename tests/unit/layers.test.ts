// The layer rules of DESIGN.md, checked on every import of every source file:
// native-free-core imports nothing of the others and no Node/DOM runtime;
// preload imports only the IPC contract (and its own files); renderer
// imports only core types, the contract types and the preload API type.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');
const LAYERS = ['native-free-core', 'main', 'preload', 'renderer'] as const;
type Layer = (typeof LAYERS)[number];

interface ImportSite {
  file: string;
  line: number;
  spec: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(p);
    return /\.(ts|svelte|mts)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

export function importsOf(file: string): ImportSite[] {
  const text = fs.readFileSync(file, 'utf8');
  const sites: ImportSite[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?([^'"]*?from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (const m of text.matchAll(re)) {
    const spec = m[4] ?? m[5] ?? m[6]!;
    const line = text.slice(0, m.index).split('\n').length;
    sites.push({ file, line, spec, typeOnly: Boolean(m[2]) });
  }
  return sites;
}

function layerOf(absPath: string): Layer | 'other' {
  const rel = path.relative(root, absPath).split(path.sep)[0];
  return (LAYERS as readonly string[]).includes(rel!) ? (rel as Layer) : 'other';
}

const NODE_BUILTINS = new Set(['fs', 'path', 'os', 'crypto', 'child_process', 'worker_threads', 'http', 'net', 'url', 'util', 'stream', 'events', 'buffer', 'zlib', 'module', 'process', 'readline', 'assert', 'perf_hooks', 'v8']);

function violations(layer: Layer, site: ImportSite): string | null {
  const isTest = /\.(test|spec)\.ts$/.test(site.file);
  const where = `${path.relative(root, site.file)}:${site.line} imports '${site.spec}'`;
  const relative = site.spec.startsWith('.');
  const target = relative ? layerOf(path.resolve(path.dirname(site.file), site.spec)) : null;
  const isNode = site.spec.startsWith('node:') || NODE_BUILTINS.has(site.spec.split('/')[0]!);
  switch (layer) {
    case 'native-free-core':
      if (isTest) return target && target !== 'native-free-core' && target !== 'other' ? `${where}: core tests may not import ${target}` : null;
      if (target && target !== 'native-free-core') return `${where}: native-free-core must not import ${target}`;
      if (isNode) return `${where}: native-free-core must not use Node built-ins`;
      if (!relative) return `${where}: native-free-core must not depend on packages`;
      return null;
    case 'preload':
      if (target === 'main' && !/main\/ipc\/contract$/.test(site.spec)) return `${where}: preload may only import the IPC contract from main`;
      if (target === 'renderer' || target === 'native-free-core') return `${where}: preload may only import the IPC contract`;
      return null;
    case 'renderer':
      if (target === 'main') {
        const allowed = /main\/ipc\/contract$|main\/library\/types$|main\/import\/types$/.test(site.spec);
        if (!allowed || !site.typeOnly) return `${where}: renderer may only import types of the IPC contract`;
      }
      if (target === 'preload' && !(site.typeOnly && /preload\/api$/.test(site.spec))) return `${where}: renderer may only import the preload API type`;
      if (target === 'native-free-core' && !site.typeOnly && !isTest) {
        // pure helpers (hex formatting) are allowed: the core runs anywhere
        return null;
      }
      if (isNode && !isTest) return `${where}: renderer must not use Node built-ins`;
      if (site.spec === 'electron') return `${where}: renderer must not import electron`;
      return null;
    case 'main':
      if (target === 'renderer') return `${where}: main must not import renderer`;
      return null;
  }
}

describe('layer import rules', () => {
  for (const layer of LAYERS) {
    it(`${layer} respects its import rules`, () => {
      // renderer's build config (vite.config.ts) runs in Node at build time; only its sources are the layer
      const problems = sourceFiles(path.join(root, layer === 'renderer' ? 'renderer/src' : layer))
        .flatMap(importsOf)
        .map((site) => violations(layer, site))
        .filter((p): p is string => p !== null);
      expect(problems).toEqual([]);
    });
  }

  it('catches a forbidden import (the rule is live)', () => {
    const fake: ImportSite = { file: path.join(root, 'native-free-core', 'x.ts'), line: 1, spec: 'node:fs', typeOnly: false };
    expect(violations('native-free-core', fake)).toMatch(/Node built-ins/);
    const fake2: ImportSite = { file: path.join(root, 'renderer', 'src', 'x.ts'), line: 1, spec: '../../main/library/library', typeOnly: false };
    expect(violations('renderer', fake2)).toMatch(/renderer may only/);
  });
});
