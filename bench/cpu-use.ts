/**
 * CPU time a process and a database's PostgreSQL backends use, from /proc (Linux): the
 * machine's other work does not count in it, so it compares between runs on a busy machine
 * where requests per second do not. Used by throughput.bench.ts ("CPU per request").
 */
import { readFileSync } from 'node:fs';
import type pg from 'pg';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** User + system CPU milliseconds of `pid` so far (0 when it is gone or unreadable). */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command's closing parenthesis start at field 3 (state); utime is 14, stime 15.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** The backends serving `database` now. */
async function backends(c: pg.Client, database: string): Promise<number[]> {
  const { rows } = await c.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [
    database,
  ]);
  return rows.map((r) => r.pid);
}

/** Starts counting; `stop(client)` answers the CPU milliseconds the app process and the backends used since. */
export async function cpuMeter(c: pg.Client, appPid: number, database: string) {
  const start = new Map<number, number>();
  for (const pid of await backends(c, database)) start.set(pid, cpuMs(pid));
  const appStart = cpuMs(appPid);
  return {
    async stop(now: pg.Client) {
      const app = cpuMs(appPid) - appStart;
      let db = 0;
      for (const pid of new Set([...start.keys(), ...(await backends(now, database))])) {
        db += Math.max(0, cpuMs(pid) - (start.get(pid) ?? 0));
      }
      return { app, db };
    },
  };
}
