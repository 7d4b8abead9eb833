import PgBoss from 'pg-boss';
import type { Database } from '../db/connection.js';

export const QUEUES = {
  inviteEmail: 'invite-email',
  /** Invite jobs that used up their retries, or died with the process, land here. */
  inviteEmailDead: 'invite-email-dead',
  /** Password reset, password changed and email-change confirmation mail (accounts module). */
  accountEmail: 'account-email',
  /** Payment receipts and "your estimate / invoice is ready" mail (orders module). */
  orderEmail: 'order-email',
  /** A staff member's link to pick a password: a new yard's owner, an invited colleague (yards module). */
  staffEmail: 'staff-email',
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
  // Processes started together on a new database race to create the queues (a deadlock or
  // a duplicate key in pg-boss's tables); the loser looks again and finds them made.
  for (let attempt = 1; ; attempt++) {
    try {
      await ensureQueues(boss);
      break;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (attempt >= 5 || (code !== '40P01' && code !== '23505')) throw err;
      await new Promise((r) => setTimeout(r, 50 * attempt + Math.random() * 100));
    }
  }
  return boss;
}

async function ensureQueues(boss: PgBoss) {
  if (!(await boss.getQueue(QUEUES.inviteEmailDead))) {
    await boss.createQueue(QUEUES.inviteEmailDead, { name: QUEUES.inviteEmailDead, retryLimit: 3 });
  }
  const options = {
    name: QUEUES.inviteEmail,
    retryLimit: 8,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 120,
    deadLetter: QUEUES.inviteEmailDead,
  };
  if (await boss.getQueue(QUEUES.inviteEmail)) await boss.updateQueue(QUEUES.inviteEmail, options);
  else await boss.createQueue(QUEUES.inviteEmail, options);
  // Account mail is short-lived (links expire within a day): a few retries, no dead letter.
  if (!(await boss.getQueue(QUEUES.accountEmail))) {
    await boss.createQueue(QUEUES.accountEmail, {
      name: QUEUES.accountEmail,
      retryLimit: 5,
      retryDelay: 5,
      retryBackoff: true,
      expireInSeconds: 120,
    });
  }
  if (!(await boss.getQueue(QUEUES.staffEmail))) {
    await boss.createQueue(QUEUES.staffEmail, {
      name: QUEUES.staffEmail,
      retryLimit: 8,
      retryDelay: 5,
      retryBackoff: true,
      expireInSeconds: 120,
    });
  }
  if (!(await boss.getQueue(QUEUES.orderEmail))) {
    await boss.createQueue(QUEUES.orderEmail, {
      name: QUEUES.orderEmail,
      retryLimit: 8,
      retryDelay: 5,
      retryBackoff: true,
      expireInSeconds: 120,
    });
  }
}
