import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createPGlite } from './connection.js';
import { claimDataDir, DataDirInUseError, dataDirHolder, LOCK_FILE } from './data-dir-lock.js';

/**
 * `slipway backup` and `slipway restore` for the embedded database: the whole PGlite data
 * directory as one .tar.gz (PGlite's dumpDataDir), and back (its loadDataDir). A restore is
 * built and checked in a directory beside DATA_DIR and only then moved into place, so a
 * wrong or damaged file never touches the data it was meant to replace. docs/operations.md.
 */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

function hasDatabase(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, 'PG_VERSION'));
}

function isEmptyDir(dir: string): boolean {
  return !fs.existsSync(dir) || fs.readdirSync(dir).length === 0;
}

function refuseIfInUse(dataDir: string) {
  const pid = dataDirHolder(dataDir);
  if (pid !== undefined) throw new DataDirInUseError(dataDir, pid);
}

/** Writes the embedded database in `dataDir` to `file` (a .tar.gz). */
export async function backupDataDir(
  dataDir: string,
  file: string,
  opts: { force?: boolean } = {},
): Promise<{ bytes: number }> {
  const dir = path.resolve(dataDir);
  if (!hasDatabase(dir)) {
    throw new BackupError(`There is no embedded database in ${dir} to back up (check DATA_DIR).`);
  }
  if (fs.existsSync(file) && !opts.force) {
    throw new BackupError(`${file} exists already. Pick another name, or add --force to replace it.`);
  }
  const release = claimDataDir(dir); // throws while "slipway start" has it open
  try {
    const pglite = await createPGlite(dir);
    let archive: Blob;
    try {
      await pglite.exec('CHECKPOINT');
      archive = await pglite.dumpDataDir('gzip');
    } finally {
      await pglite.close();
    }
    const bytes = Buffer.from(await archive.arrayBuffer());
    // Written beside the target and renamed: a backup cut short never looks complete.
    const partial = `${file}.partial-${process.pid}`;
    fs.writeFileSync(partial, bytes);
    fs.renameSync(partial, file);
    return { bytes: bytes.length };
  } finally {
    release();
  }
}

/**
 * Moves what is in `from` into `to`, keeping `to` itself: DATA_DIR may be a mount point (a
 * container volume) that cannot be renamed, or on another file system than its parent.
 */
function moveContents(from: string, to: string) {
  for (const name of fs.readdirSync(from)) {
    try {
      fs.renameSync(path.join(from, name), path.join(to, name));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      fs.cpSync(path.join(from, name), path.join(to, name), { recursive: true, preserveTimestamps: true });
      fs.rmSync(path.join(from, name), { recursive: true, force: true });
    }
  }
}

/** The PostgreSQL major version inside a backup, or a BackupError saying why the file is not one. */
export function inspectBackup(archive: Buffer, file: string): { pgVersion: string } {
  let tar: Buffer;
  try {
    tar = gunzipSync(archive);
  } catch {
    throw new BackupError(
      `${file} is not a Slipway backup: it is not a gzip file, or it is damaged or cut short.`,
    );
  }
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (from: number, to: number) => header.toString('latin1', from, to).replace(/\0.*$/s, '');
    const prefix = field(257, 262) === 'ustar' ? field(345, 500) : '';
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const size = Number.parseInt(field(124, 136).trim() || '0', 8);
    if (!Number.isFinite(size)) break;
    if (name === 'PG_VERSION' || name.endsWith('/PG_VERSION')) {
      return { pgVersion: tar.toString('utf8', at + 512, at + 512 + size).trim() };
    }
    at += 512 + Math.ceil(size / 512) * 512;
  }
  throw new BackupError(`${file} is not a Slipway backup: it holds no database directory (no PG_VERSION).`);
}

/**
 * Loads the backup in `file` into `dataDir`. Refuses a data directory that holds files unless
 * `force` (the old one is then kept beside it, under the returned name), and always refuses
 * one a running process has open.
 */
export async function restoreDataDir(
  file: string,
  dataDir: string,
  opts: { force?: boolean } = {},
): Promise<{ kept?: string; pgVersion: string }> {
  const dir = path.resolve(dataDir);
  if (!fs.existsSync(file)) throw new BackupError(`${file} does not exist.`);
  if (fs.existsSync(dir)) {
    refuseIfInUse(dir);
    if (!isEmptyDir(dir) && !opts.force) {
      throw new BackupError(
        `${dir} holds a database already; nothing was changed. Restore into an empty DATA_DIR, ` +
          `or add --force to replace it (the current one is kept beside it as ${path.basename(dir)}.before-restore-…).`,
      );
    }
  }
  const archive = fs.readFileSync(file);
  const { pgVersion } = inspectBackup(archive, file);

  const staging = `${dir}.restoring-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  try {
    const pglite = await createPGlite(staging, new Blob([archive]));
    try {
      await pglite.query('SELECT count(*) FROM schema_migrations');
    } finally {
      await pglite.close();
    }
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    const why = err instanceof Error ? err.message : String(err);
    throw new BackupError(
      /schema_migrations/.test(why)
        ? `${file} is a PostgreSQL ${pgVersion} data directory but not a Slipway database; nothing was changed.`
        : `${file} could not be loaded (PostgreSQL ${pgVersion} data directory): ${why}. Nothing was changed.`,
    );
  }
  // The backup carries the lock file of the process that made it.
  fs.rmSync(path.join(staging, LOCK_FILE), { force: true });

  let kept: string | undefined;
  refuseIfInUse(dir); // someone may have started Slipway while the backup loaded
  if (!isEmptyDir(dir)) {
    kept = `${dir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    fs.mkdirSync(kept);
    moveContents(dir, kept);
  }
  fs.mkdirSync(dir, { recursive: true });
  moveContents(staging, dir);
  fs.rmSync(staging, { recursive: true, force: true });
  return { kept, pgVersion };
}

/** What `slipway backup`/`restore` print with DATABASE_URL set: PostgreSQL's own tools do the work. */
export function serverBackupAdvice(command: 'backup' | 'restore', file: string): string {
  const f = /^[\w./-]+$/.test(file) ? file : `'${file.replace(/'/g, `'\\''`)}'`;
  const lines = [
    `DATABASE_URL is set: Slipway's data lives in your PostgreSQL server, and PostgreSQL's own tools back it up and restore it.`,
    `Slipway did not ${command} anything. Run (pg_dump/pg_restore of the server's major version or newer):`,
    '',
  ];
  if (command === 'backup') {
    lines.push(
      `  pg_dump --format=custom --file=${f} --dbname="$DATABASE_URL"`,
      '',
      'It takes a consistent snapshot while Slipway keeps running, queued jobs included.',
    );
  } else {
    lines.push(
      '  1. Stop every slipway process.',
      '  2. Make DATABASE_URL name an empty database, e.g. a new one:',
      `       createdb --maintenance-db="$DATABASE_URL" slipway_restored`,
      '     and change the database name at the end of DATABASE_URL to slipway_restored.',
      `  3. pg_restore --no-owner --exit-on-error --single-transaction --dbname="$DATABASE_URL" ${f}`,
      '  4. Start Slipway. See "Backups" in docs/operations.md.',
    );
  }
  return lines.join('\n');
}
