import fs from 'node:fs';
import path from 'node:path';

/**
 * The embedded database belongs to one process at a time: two PGlite instances on one data
 * directory corrupt it. PGlite writes no usable postmaster.pid (its pid is a placeholder), so
 * Slipway keeps its own: `slipway.pid` in the data directory, holding the owner's process id.
 * A file left by a process that no longer runs is stale and taken over.
 */
export const LOCK_FILE = 'slipway.pid';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The id of another live process that has the data directory open, if any. */
export function dataDirHolder(dataDir: string): number | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(text.trim(), 10);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  return alive(pid) ? pid : undefined;
}

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${path.resolve(dataDir)} is in use by process ${pid} (a running "slipway start", "migrate" or "backup"). ` +
        `Stop that process first. If no Slipway process runs, delete ${path.join(path.resolve(dataDir), LOCK_FILE)}.`,
    );
    this.name = 'DataDirInUseError';
  }
}

/** Marks the data directory as this process's; throws DataDirInUseError when another live process has it. */
export function claimDataDir(dataDir: string): () => void {
  const holder = dataDirHolder(dataDir);
  if (holder !== undefined) throw new DataDirInUseError(dataDir, holder);
  const file = path.join(dataDir, LOCK_FILE);
  fs.writeFileSync(file, `${process.pid}\n`);
  return () => {
    try {
      if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.rmSync(file, { force: true });
    } catch {
      // Already gone.
    }
  };
}
