import { sql } from 'kysely';
import PgBoss from 'pg-boss';
import { type Database, POSTGRES_TIMEOUTS } from '../db/connection.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { logger } from '../server/logger.js';

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
  /** A message's notification: to the customer when staff write, to the yard when the customer does. */
  messageEmail: 'message-email',
  /** A visitor's "send me a new invite link": the worker decides and queues the invite. */
  inviteRequest: 'invite-request',
  /** A visitor's "forgot password?": the worker looks the address up and issues the link. */
  passwordResetRequest: 'password-reset-request',
  /** Scheduled purges (src/modules/cleanup), run by the worker on a cron schedule. */
  purgeSessions: 'purge-sessions',
  purgeRateLimits: 'purge-rate-limits',
  purgeUploads: 'purge-uploads',
  purgeMailbox: 'purge-mailbox',
  /** Service reminders (src/modules/reminders): the scheduled scan, and one mail per occurrence. */
  reminderScan: 'reminder-scan',
  reminderEmail: 'reminder-email',
} as const;

/** The purge queues: one run at a time waits, one runs; a run that failed is tried again later. */
export const PURGE_QUEUES = [
  QUEUES.purgeSessions,
  QUEUES.purgeRateLimits,
  QUEUES.purgeUploads,
  QUEUES.purgeMailbox,
] as const;

/**
 * pg-boss on either database: on PostgreSQL it keeps its own pool; on PGlite it runs
 * through the embedded connection. Queues are created with their retry policy so a
 * failed SMTP send is retried with exponential backoff.
 */
export async function startQueue(
  database: Database,
  opts: { supervise?: boolean; schedule?: boolean } = {},
): Promise<PgBoss> {
  const boss = new PgBoss({
    ...(database.bossExecutor
      ? { db: database.bossExecutor }
      : {
          connectionString: database.connectionString,
          max: 4,
          // Passed on to pg-boss's pool: sending a job never waits long for a connection
          // while PostgreSQL is away (docs/operations.md, "PostgreSQL outage").
          ...({ connectionTimeoutMillis: POSTGRES_TIMEOUTS.connectTimeoutMs, keepAlive: true } as object),
        }),
    supervise: opts.supervise ?? true,
    // Only worker processes turn cron schedules into jobs (the scheduled purges).
    schedule: opts.schedule ?? false,
    migrate: true,
  });
  boss.on('error', (err) => {
    // pg-boss reports background maintenance errors here; they must not crash the process.
    // While PostgreSQL is away its workers keep polling and pick up again when it is back.
    if (isDatabaseUnavailable(err)) logger().warn({ err: err.message }, 'queue: database unavailable');
    else logger().error({ err: err.message }, 'queue: background error');
  });
  await queuesCreatedOnce(database, async () => {
    await boss.start();
    await ensureQueues(boss);
  });
  running.add(boss);
  boss.once('stopped', () => running.delete(boss));
  return boss;
}

/** Advisory lock key held while a process creates or updates the queues (docs/operations.md). */
const QUEUE_SETUP_LOCK = 7317002;

/**
 * pg-boss creates a queue by adding a partition and a foreign key to its job table (our queues,
 * and its own cron queue when a worker's start turns schedules on); processes starting together
 * on a new database deadlock on those locks. On PostgreSQL the start and the setup run
 * under a session advisory lock on a connection of the app's pool, so processes take turns
 * and each finds the queues the one before made. PGlite has one connection and one process.
 */
async function queuesCreatedOnce(database: Database, setup: () => Promise<void>) {
  if (database.bossExecutor) return setup();
  await database.db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(${QUEUE_SETUP_LOCK})`.execute(conn);
    try {
      await setup();
    } finally {
      await sql`SELECT pg_advisory_unlock(${QUEUE_SETUP_LOCK})`.execute(conn);
    }
  });
}

const running = new WeakSet<PgBoss>();

/** Whether a queue started by startQueue is running (started, not yet stopped): readiness. */
export const queueRunning = (boss: PgBoss): boolean => running.has(boss);

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
  // Visitors' requests: short-lived like account mail; the mail they lead to has its own retries.
  for (const name of [QUEUES.inviteRequest, QUEUES.passwordResetRequest]) {
    if (!(await boss.getQueue(name))) {
      await boss.createQueue(name, {
        name,
        retryLimit: 5,
        retryDelay: 5,
        retryBackoff: true,
        expireInSeconds: 60,
      });
    }
  }
  for (const name of PURGE_QUEUES) {
    if (!(await boss.getQueue(name))) {
      await boss.createQueue(name, {
        name,
        policy: 'stately',
        retryLimit: 2,
        retryDelay: 60,
        expireInSeconds: 15 * 60,
      });
    }
  }
  if (!(await boss.getQueue(QUEUES.messageEmail))) {
    await boss.createQueue(QUEUES.messageEmail, {
      name: QUEUES.messageEmail,
      retryLimit: 8,
      retryDelay: 5,
      retryBackoff: true,
      expireInSeconds: 120,
    });
  }
  // The scan: like the purges, one run at a time waits and one runs.
  if (!(await boss.getQueue(QUEUES.reminderScan))) {
    await boss.createQueue(QUEUES.reminderScan, {
      name: QUEUES.reminderScan,
      policy: 'stately',
      retryLimit: 2,
      retryDelay: 60,
      expireInSeconds: 15 * 60,
    });
  }
  if (!(await boss.getQueue(QUEUES.reminderEmail))) {
    await boss.createQueue(QUEUES.reminderEmail, {
      name: QUEUES.reminderEmail,
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
