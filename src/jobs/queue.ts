import PgBoss from 'pg-boss';
import type { Database } from '../db/connection.js';

export const QUEUES = {
  inviteEmail: 'invite-email',
} as const;

/**
 * pg-boss on either database: on PostgreSQL it keeps its own pool; on PGlite it runs
 * through the embedded connection. Queues are created with their retry policy so a
 * failed SMTP send is retried with exponential backoff.
 */
export async function startQueue(database: Database, opts: { supervise?: boolean } = {}): Promise<PgBoss> {
  const boss = new PgBoss({
    ...(database.bossExecutor
      ? { db: database.bossExecutor }
      : { connectionString: database.connectionString, max: 4 }),
    supervise: opts.supervise ?? true,
    schedule: false,
    migrate: true,
  });
  boss.on('error', (err) => {
    // pg-boss reports background maintenance errors here; they must not crash the process.
    console.error('[queue]', err.message);
  });
  await boss.start();
  await ensureQueues(boss);
  return boss;
}

async function ensureQueues(boss: PgBoss) {
  const existing = await boss.getQueue(QUEUES.inviteEmail);
  const options = { retryLimit: 8, retryDelay: 5, retryBackoff: true, expireInSeconds: 120 };
  if (!existing) await boss.createQueue(QUEUES.inviteEmail, { name: QUEUES.inviteEmail, ...options });
}
