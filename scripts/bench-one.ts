// Runs one benchmark module and prints its rows as one JSON line.
import { pathToFileURL } from 'node:url';
import type { Benchmark } from '../tests/bench/bench-types';

const file = process.argv[2]!;
const mod = (await import(pathToFileURL(file).href)) as { default: Benchmark };
const rows = await mod.default();
process.stdout.write('BENCH_ROWS ' + JSON.stringify(rows) + '\n');
