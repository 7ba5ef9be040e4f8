/** Thrown for bad command-line usage; the CLI exits 2. */
export class UsageError extends Error {}

export interface ParsedArgs {
  command?: string;
  positional: string[];
  flags: Map<string, string | true>;
}

/** Flags that take a value; every other `--flag` is a boolean switch. */
const VALUE_FLAGS = new Set(['library', 'symbols', 'format', 'limit', 'offset', 'sort', 'order', 'code', 'module', 'bucket', 'tag', 'status', 'text', 'threshold', 'out', 'from', 'to', 'title', 'workers']);

export function parseArgs(argv: string[]): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      if (eq >= 0) flags.set(name, arg.slice(eq + 1));
      else if (VALUE_FLAGS.has(name)) {
        const value = argv[++i];
        if (value === undefined) throw new UsageError(`--${name} needs a value`);
        flags.set(name, value);
      } else flags.set(name, true);
    } else if (arg === '-h') flags.set('help', true);
    else if (arg === '-v' || arg === '-V') flags.set('version', true);
    else positional.push(arg);
  }
  const [command, ...rest] = positional;
  return { command, positional: rest, flags };
}

export function flagString(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  if (v === true) throw new UsageError(`--${name} needs a value`);
  return v;
}

export function flagBool(args: ParsedArgs, name: string): boolean {
  return args.flags.get(name) === true || args.flags.get(name) === 'true';
}
