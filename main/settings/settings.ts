import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { symbolPathFrom } from '../symbols/symbol-path';

/** What the user sets in the app's settings; a field added later needs a default here. */
export const settingsSchema = z
  .object({
    /** local symbol folders, one per entry (an _NT_SYMBOL_PATH-style element such as srv*C:\cache*https://… gives C:\cache) */
    symbolPath: z.array(z.string().trim().min(1).max(4096)).max(100).default([]),
  })
  .strict();

export type Settings = z.infer<typeof settingsSchema>;

export const SETTINGS_FILE = 'settings.json';

/** The settings file of a library: a JSON file beside its database, so --library DIR keeps its own. */
export function settingsPath(libraryDir: string): string {
  return path.join(libraryDir, SETTINGS_FILE);
}

export function defaultSettings(): Settings {
  return settingsSchema.parse({});
}

/**
 * The saved settings, or the defaults when there is no file yet. A file that
 * is not valid JSON or does not match the schema throws, naming the file, so
 * the user can fix or delete it rather than lose what it held silently.
 */
export function loadSettings(libraryDir: string): Settings {
  const file = settingsPath(libraryDir);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return defaultSettings();
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file} is not valid JSON (${e instanceof Error ? e.message : String(e)}): fix it or delete it to start from the defaults`);
  }
  const parsed = settingsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join('.') || 'settings'}: ${issue.message}; fix it or delete it to start from the defaults`);
  }
  return parsed.data;
}

/** Validates and writes the settings (temp file, then rename, so a crash never leaves half a file). Returns what was saved. */
export function saveSettings(libraryDir: string, settings: Settings): Settings {
  const valid = settingsSchema.parse(settings);
  const file = settingsPath(libraryDir);
  fs.mkdirSync(libraryDir, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(valid, null, 2)}\n`);
  fs.renameSync(temp, file);
  return valid;
}

/**
 * The symbol folders an import or a re-opened dump uses: `extra` (e.g.
 * --symbols), then the app's settings, then _NT_SYMBOL_PATH /
 * _NT_ALT_SYMBOL_PATH, local folders only. Unreadable settings count as none.
 */
export function symbolPathForLibrary(libraryDir: string, options: { extra?: string[]; env?: Record<string, string | undefined> } = {}): string[] {
  let settings: string[] = [];
  try {
    settings = loadSettings(libraryDir).symbolPath;
  } catch {
    // a broken settings file is reported by settings:get; imports go on with the other sources
  }
  return symbolPathFrom({ cli: options.extra, settings, env: options.env ?? process.env });
}
