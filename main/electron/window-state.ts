import fs from 'node:fs';
import path from 'node:path';

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized?: boolean;
}

const DEFAULT_STATE: WindowState = { width: 1400, height: 900 };

/** Window size and place, remembered between runs in the user data folder. */
export function loadWindowState(dir: string): WindowState {
  try {
    const s = JSON.parse(fs.readFileSync(path.join(dir, 'window-state.json'), 'utf8')) as WindowState;
    if (Number.isFinite(s.width) && Number.isFinite(s.height) && s.width >= 400 && s.height >= 300) return s;
  } catch {
    // first run or unreadable state: use the default
  }
  return { ...DEFAULT_STATE };
}

export function saveWindowState(dir: string, state: WindowState): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'window-state.json'), JSON.stringify(state));
}
