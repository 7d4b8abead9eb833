import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCustomer, makeOrderHistory, makeYard } from '../../test/support/factories.js';
import { type TableChecksum, tableChecksums } from '../../test/support/table-checksums.js';
import { QUEUES, startQueue } from '../jobs/queue.js';
import { BackupError, backupDataDir, restoreDataDir } from './backup.js';
import { createPGlite, openPGlite } from './connection.js';
import { DataDirInUseError } from './data-dir-lock.js';
import { seedDemoYard } from './demo-seed.js';
import { migrate } from './migrate.js';

const run = promisify(execFile);

/** `slipway …` as its own process, as an operator runs it. */
function slipway(args: string[], env: Record<string, string>) {
  return run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent', ...env },
  }).then(
    (r) => ({ code: 0, ...r }),
    (err: { code: number; stdout: string; stderr: string }) => ({
      code: err.code,
      stdout: err.stdout,
      stderr: err.stderr,
    }),
  );
}

/** Every file of a directory with the hash of its bytes: "untouched" means this stays equal. */
function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = createHash('md5').update(fs.readFileSync(file)).digest('hex');
  }
  return out;
}

async function checksumsOf(dataDir: string) {
  const database = await openPGlite(dataDir);
  try {
    return { tables: await tableChecksums(database), pending: await migrate(database) };
  } finally {
    await database.close();
  }
}

describe('slipway backup and slipway restore of the embedded database', () => {
  let tmp: string;
  let dataDir: string;
  let backup: string;
  let before: Record<string, TableChecksum>;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-backup-'));
    dataDir = path.join(tmp, 'data');
    backup = path.join(tmp, 'yard backup.tar.gz');
    const database = await openPGlite(dataDir);
    await migrate(database);
    await seedDemoYard(database.db);
    // More than the demo: a yard of its own, a customer with no email and a name outside
    // ASCII, an order history, and a mail still waiting in the queue.
    const { yard } = await makeYard(database.db, 'Ørsted Bådeværft');
    const customer = await makeCustomer(database.db, yard.id, { first_name: 'Zoë', email: null });
    await makeOrderHistory(database.db, yard.id, customer.id);
    const boss = await startQueue(database, { supervise: false });
    await boss.send(QUEUES.inviteEmail, { inviteId: '00000000-0000-4000-8000-000000000001' });
    await boss.stop({ graceful: true, wait: true });
    before = await tableChecksums(database);
    await database.close();
  }, 300_000);

  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('round-trips through the commands into a fresh directory: every table holds the same rows', async () => {
    expect(before['public.customers'].rows).toBeGreaterThan(240);
    expect(before['public.orders'].rows).toBeGreaterThan(0);
    expect(before['pgboss.job'].rows).toBeGreaterThan(0);

    const backedUp = await slipway(['backup', backup], { DATA_DIR: dataDir });
    expect(backedUp).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('Backed up the embedded database'),
    });
    const fresh = path.join(tmp, 'fresh', 'data');
    const restored = await slipway(['restore', backup], { DATA_DIR: fresh });
    expect(restored).toMatchObject({ code: 0, stdout: expect.stringContaining(`Restored ${backup}`) });

    const after = await checksumsOf(fresh);
    expect(after.tables).toEqual(before);
    expect(after.pending).toEqual([]); // the schema came along: nothing to migrate
    // The original was only read.
    expect((await checksumsOf(dataDir)).tables).toEqual(before);
  }, 300_000);

  it('refuses a data directory that holds a database; --force keeps the old one beside it', async () => {
    await backupDataDir(dataDir, backup, { force: true });
    const target = path.join(tmp, 'occupied');
    const other = await openPGlite(target);
    await migrate(other);
    await other.close();
    const old = fingerprint(target);

    const refused = await slipway(['restore', backup], { DATA_DIR: target });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('holds a database already; nothing was changed');
    expect(refused.stderr).toContain('--force');
    expect(fingerprint(target)).toEqual(old);

    const { kept } = await restoreDataDir(backup, target, { force: true });
    expect(kept && fingerprint(kept)).toEqual(old);
    expect((await checksumsOf(target)).tables).toEqual(before);
  }, 300_000);

  it('a damaged or wrong file is refused with a clear error and the data directory is untouched', async () => {
    const archive = fs.readFileSync(backup);
    const bare = await createPGlite();
    const notSlipway = Buffer.from(await (await bare.dumpDataDir('gzip')).arrayBuffer());
    await bare.close();
    const cases: [string, Buffer, RegExp][] = [
      [
        'cut-short.tar.gz',
        archive.subarray(0, archive.length >> 1),
        /not a Slipway backup: it is not a gzip file/,
      ],
      ['photo.jpg', Buffer.from('\xff\xd8\xff\xe0 not an archive'), /not a gzip file/],
      [
        'notes.tar.gz',
        (await import('node:zlib')).gzipSync(Buffer.alloc(2048)),
        /holds no database directory/,
      ],
      ['other-app.tar.gz', notSlipway, /data directory but not a Slipway database/],
    ];
    const untouched = fingerprint(dataDir);
    for (const [name, bytes, message] of cases) {
      const file = path.join(tmp, name);
      fs.writeFileSync(file, bytes);
      const error = await restoreDataDir(file, dataDir, { force: true }).catch((e) => e);
      expect(error, name).toBeInstanceOf(BackupError);
      expect(error.message, name).toMatch(message);
      expect(fingerprint(dataDir), name).toEqual(untouched);
    }
    // Nothing half-restored is left lying beside it.
    expect(fs.readdirSync(tmp).filter((f) => f.includes('.restoring-'))).toEqual([]);
    const viaCli = await slipway(['restore', path.join(tmp, 'cut-short.tar.gz')], {
      DATA_DIR: path.join(tmp, 'empty'),
    });
    expect(viaCli.code).toBe(1);
    expect(viaCli.stderr).toMatch(/cut-short\.tar\.gz is not a Slipway backup/);
    expect(fs.existsSync(path.join(tmp, 'empty', 'PG_VERSION'))).toBe(false);
  }, 300_000);

  it('refuses while another process has the database open, and takes over after it died', async () => {
    const holder: ChildProcess = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--eval',
        `import('./src/db/connection.ts').then(async (m) => { await m.openPGlite(${JSON.stringify(dataDir)}); console.log('open'); setInterval(() => {}, 1000); })`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout?.on('data', (d) => String(d).includes('open') && resolve());
        holder.on('exit', () => reject(new Error('the holder exited')));
      });
      const untouched = fingerprint(dataDir);
      for (const attempt of [
        () => restoreDataDir(backup, dataDir, { force: true }),
        () => backupDataDir(dataDir, path.join(tmp, 'while-open.tar.gz')),
      ]) {
        const error = await attempt().catch((e) => e);
        expect(error).toBeInstanceOf(DataDirInUseError);
        expect(error.message).toContain(`in use by process ${holder.pid}`);
      }
      expect(fs.existsSync(path.join(tmp, 'while-open.tar.gz'))).toBe(false);
      expect(fingerprint(dataDir)).toEqual(untouched);
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('exit', resolve));
    }
    // A killed process leaves its lock file behind; it is stale, and the backup goes ahead.
    await expect(backupDataDir(dataDir, path.join(tmp, 'after-crash.tar.gz'))).resolves.toMatchObject({
      bytes: expect.any(Number),
    });
  }, 300_000);

  it('with DATABASE_URL, prints the pg_dump and pg_restore commands and writes nothing', async () => {
    const env = { DATABASE_URL: 'postgres://slipway:s3cret-pw@db.internal:5432/slipway' };
    const file = path.join(tmp, 'server.dump');
    const b = await slipway(['backup', file], env);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain(`pg_dump --format=custom --file=${file} --dbname="$DATABASE_URL"`);
    const r = await slipway(['restore', file], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `pg_restore --no-owner --exit-on-error --single-transaction --dbname="$DATABASE_URL" ${file}`,
    );
    expect(`${b.stdout}${b.stderr}${r.stdout}${r.stderr}`).not.toContain('s3cret-pw');
    expect(fs.existsSync(file)).toBe(false);
  }, 60_000);
});
