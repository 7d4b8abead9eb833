import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

const BIN = process.env.TEST_POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * Why a PostgreSQL server of the test's own cannot be made here, or undefined when it can:
 * the tests that stop and start PostgreSQL must not do it to the shared server.
 */
export function ownPostgresMissing(): string | undefined {
  for (const tool of ['initdb', 'pg_ctl']) {
    if (!fs.existsSync(path.join(BIN, tool))) return `${path.join(BIN, tool)} is missing (TEST_POSTGRES_BIN)`;
  }
  if (process.getuid?.() === 0 && !fs.existsSync('/usr/sbin/runuser') && !fs.existsSync('/sbin/runuser')) {
    return 'running as root, and runuser (to run PostgreSQL as the postgres user) is missing';
  }
  return undefined;
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A throw-away PostgreSQL cluster in a temp directory, on its own port, that the test may stop
 * and start. initdb refuses to run as root, so as root it runs as the `postgres` OS user.
 * `remove()` stops it and deletes its files, whatever state it is in.
 */
export async function startOwnPostgres() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    fs.chownSync(dir, uid, gid);
  }
  const command = (tool: string, args: string[]): [string, string[]] => {
    const cmd = path.join(BIN, tool);
    return asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  };
  const run = (tool: string, args: string[]) =>
    execFileSync(...command(tool, args), { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 }).toString();
  // Stop and start while requests are in flight: the test's event loop must keep running.
  const runAsync = async (tool: string, args: string[]) => {
    await execFileAsync(...command(tool, args), { timeout: 60_000 });
  };
  const data = path.join(dir, 'data');
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    // A test database: nothing needs to survive a power cut.
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
  ].join(' ');
  const ctlArgs = (args: string[]) => ['-D', data, '-l', path.join(dir, 'log'), ...args];
  const pgCtl = (...args: string[]) => run('pg_ctl', ctlArgs(args));
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    try {
      pgCtl('-m', 'immediate', '-w', 'stop');
    } catch {
      // Already stopped.
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
    pgCtl('-o', options, '-w', 'start');
  } catch (err) {
    remove();
    throw err;
  }
  // Never leave a server running behind a test run that ends early.
  process.once('exit', remove);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    /** `pg_ctl stop -m fast`: sessions are ended at once, as in a restart by the operator. */
    stop: () => runAsync('pg_ctl', ctlArgs(['-m', 'fast', '-w', 'stop'])),
    start: () => runAsync('pg_ctl', ctlArgs(['-o', options, '-w', 'start'])),
    /** The server's log, for a failing test's message. */
    log: () => fs.readFileSync(path.join(dir, 'log'), 'utf8'),
    remove,
  };
}
