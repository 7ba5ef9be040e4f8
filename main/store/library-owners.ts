import fs from 'node:fs';
import path from 'node:path';

/**
 * Which processes have a library open: one empty file per pid in
 * `<dir>/owners/`. The app and the CLI may use one library at the same time;
 * cleaning up leftovers of an interrupted import is only safe when no other
 * live process could be in the middle of one.
 */
export class LibraryOwners {
  private readonly dir: string;
  private readonly self: string;

  constructor(libraryDir: string) {
    this.dir = path.join(libraryDir, 'owners');
    fs.mkdirSync(this.dir, { recursive: true });
    this.self = path.join(this.dir, String(process.pid));
  }

  register(): void {
    fs.writeFileSync(this.self, '');
  }

  release(): void {
    fs.rmSync(this.self, { force: true });
  }

  /** Live pids other than ours; files of dead processes are removed on the way. */
  otherLiveOwners(): number[] {
    const live: number[] = [];
    for (const name of fs.readdirSync(this.dir)) {
      const pid = Number(name);
      if (!Number.isSafeInteger(pid) || pid <= 0) {
        fs.rmSync(path.join(this.dir, name), { force: true, recursive: true });
        continue;
      }
      if (pid === process.pid) continue;
      if (isAlive(pid)) live.push(pid);
      else fs.rmSync(path.join(this.dir, name), { force: true });
    }
    return live;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
