import { z } from 'zod';
import { type PaymentsConfig, paymentsConfig, StripeEnv } from './payments-config.js';

/**
 * The one place that reads process.env. Parsed once at start-up; every bad value is
 * reported at once with the variable's name and what a valid value looks like.
 */
const EnvSchema = z.object({
  PORT: z.coerce
    .number({ message: 'PORT must be a number, e.g. PORT=3000' })
    .int()
    .min(0, 'PORT must be between 0 and 65535')
    .max(65535, 'PORT must be between 0 and 65535')
    .default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1, 'DATA_DIR must be a folder path, e.g. DATA_DIR=./data').default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'SMTP_URL must look like smtp://user:pass@host:587 or smtps://host:465')
    .optional(),
  MAIL_FROM: z.string().email('MAIL_FROM must be an email address, e.g. portal@yard.example').optional(),
  PUBLIC_URL: z.string().url('PUBLIC_URL must be a full URL, e.g. https://portal.example.com').optional(),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters long').optional(),
  INVITE_EXPIRY_DAYS: z.coerce
    .number({ message: 'INVITE_EXPIRY_DAYS must be a number of days, e.g. 7' })
    .int('INVITE_EXPIRY_DAYS must be a whole number of days')
    .min(1, 'INVITE_EXPIRY_DAYS must be at least 1')
    .max(90, 'INVITE_EXPIRY_DAYS must be at most 90')
    .default(7),
  SMTP_CATCHER_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  TRUST_PROXY: z
    .string()
    .regex(
      /^(true|false|\d+|[0-9a-fA-F.:/,\s]+)$/,
      'TRUST_PROXY must be true, false, a hop count (1) or addresses/CIDRs (10.0.0.0/8,127.0.0.1)',
    )
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty'], { message: 'LOG_FORMAT must be json or pretty' }).optional(),
  METRICS_PORT: z.coerce
    .number({ message: 'METRICS_PORT must be a port number, e.g. METRICS_PORT=9464' })
    .int()
    .min(0, 'METRICS_PORT must be between 0 and 65535')
    .max(65535, 'METRICS_PORT must be between 0 and 65535')
    .optional(),
  METRICS_TOKEN: z
    .string()
    .min(32, 'METRICS_TOKEN must be at least 32 characters, e.g. the output of `openssl rand -hex 32`')
    .regex(/^\S+$/, 'METRICS_TOKEN must not contain spaces')
    .optional(),
  ...StripeEnv,
  BULK_INVITE_MAX_BYTES: z.coerce
    .number({ message: 'BULK_INVITE_MAX_BYTES must be a number of bytes, e.g. 10485760 for 10 MB' })
    .int()
    .min(1024, 'BULK_INVITE_MAX_BYTES must be at least 1024')
    .max(200 * 1024 * 1024, 'BULK_INVITE_MAX_BYTES must be at most 209715200 (200 MB)')
    .default(10 * 1024 * 1024),
  BULK_INVITE_MAX_ROWS: z.coerce
    .number({ message: 'BULK_INVITE_MAX_ROWS must be a number of rows, e.g. 100000' })
    .int()
    .min(1, 'BULK_INVITE_MAX_ROWS must be at least 1')
    .max(1_000_000, 'BULK_INVITE_MAX_ROWS must be at most 1000000')
    .default(100_000),
  BULK_INVITE_LEASE_SECONDS: z.coerce
    .number({ message: 'BULK_INVITE_LEASE_SECONDS must be a number of seconds, e.g. 30' })
    .int()
    .min(2, 'BULK_INVITE_LEASE_SECONDS must be at least 2')
    .max(3600, 'BULK_INVITE_LEASE_SECONDS must be at most 3600')
    // Longer than the mailer's longest wait on a stalled server (45 s), so a live worker's
    // batch is never taken over in the middle of a send.
    .default(60),
  BULK_INVITE_RETRY_SECONDS: z.coerce
    .number({ message: 'BULK_INVITE_RETRY_SECONDS must be a number of seconds, e.g. 5' })
    .min(0.1, 'BULK_INVITE_RETRY_SECONDS must be at least 0.1')
    .max(600, 'BULK_INVITE_RETRY_SECONDS must be at most 600')
    .default(5),
  BULK_INVITE_MAX_PARSES: z.coerce
    .number({ message: 'BULK_INVITE_MAX_PARSES must be a number of uploads, e.g. 2' })
    .int('BULK_INVITE_MAX_PARSES must be a whole number')
    .min(1, 'BULK_INVITE_MAX_PARSES must be at least 1')
    .max(64, 'BULK_INVITE_MAX_PARSES must be at most 64')
    .default(2),
  // Messages one bulk invite has handed to the mail server and not yet recorded as sent: what
  // a crash can send twice. More than the mailer's 4 connections, so that one message's wait
  // for its "sent" mark overlaps another's send (docs/operations.md, "Bulk invites, sending").
  BULK_INVITE_CONCURRENCY: z.coerce
    .number({ message: 'BULK_INVITE_CONCURRENCY must be a number of messages, e.g. 8' })
    .int('BULK_INVITE_CONCURRENCY must be a whole number')
    .min(1, 'BULK_INVITE_CONCURRENCY must be at least 1')
    .max(64, 'BULK_INVITE_CONCURRENCY must be at most 64')
    .default(8),
  // Pages (a record's portal `/me`, a staff profile) each web process keeps, checked against
  // the record's version on every request (docs/page-cache.md); 0 builds every page anew.
  PAGE_CACHE_ENTRIES: z.coerce
    .number({ message: 'PAGE_CACHE_ENTRIES must be a number of pages, e.g. 2000' })
    .int('PAGE_CACHE_ENTRIES must be a whole number')
    .min(0, 'PAGE_CACHE_ENTRIES must be 0 (no cache) or more')
    .max(1_000_000, 'PAGE_CACHE_ENTRIES must be at most 1000000')
    .default(2000),
  OPERATOR_TOKEN: z
    .string()
    .min(32, 'OPERATOR_TOKEN must be at least 32 characters, e.g. the output of `openssl rand -hex 32`')
    .regex(/^\S+$/, 'OPERATOR_TOKEN must not contain spaces')
    .optional(),
  CLEANUP_BATCH_SIZE: z.coerce
    .number({ message: 'CLEANUP_BATCH_SIZE must be a number of rows, e.g. 1000' })
    .int('CLEANUP_BATCH_SIZE must be a whole number of rows')
    .min(10, 'CLEANUP_BATCH_SIZE must be at least 10')
    .max(50_000, 'CLEANUP_BATCH_SIZE must be at most 50000')
    .default(1000),
  RATE_LIMIT_KEEP_HOURS: z.coerce
    .number({ message: 'RATE_LIMIT_KEEP_HOURS must be a number of hours, e.g. 24' })
    .int('RATE_LIMIT_KEEP_HOURS must be a whole number of hours')
    // The longest rate-limit window is one hour: a younger row may still be counting.
    .min(2, 'RATE_LIMIT_KEEP_HOURS must be at least 2 (the longest rate-limit window is 1 hour)')
    .max(24 * 90, 'RATE_LIMIT_KEEP_HOURS must be at most 2160 (90 days)')
    .default(24),
  UPLOAD_SPOOL_KEEP_HOURS: z.coerce
    .number({ message: 'UPLOAD_SPOOL_KEEP_HOURS must be a number of hours, e.g. 24' })
    .int('UPLOAD_SPOOL_KEEP_HOURS must be a whole number of hours')
    .min(1, 'UPLOAD_SPOOL_KEEP_HOURS must be at least 1 (an upload being read must not be removed)')
    .max(24 * 90, 'UPLOAD_SPOOL_KEEP_HOURS must be at most 2160 (90 days)')
    .default(24),
  MAILBOX_KEEP_DAYS: z.coerce
    .number({ message: 'MAILBOX_KEEP_DAYS must be a number of days, e.g. 7' })
    .int('MAILBOX_KEEP_DAYS must be a whole number of days')
    .min(1, 'MAILBOX_KEEP_DAYS must be at least 1')
    .max(365, 'MAILBOX_KEEP_DAYS must be at most 365')
    .default(7),
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce
    .number({ message: 'SHUTDOWN_TIMEOUT_SECONDS must be a number of seconds, e.g. 25' })
    .min(1, 'SHUTDOWN_TIMEOUT_SECONDS must be at least 1')
    .max(600, 'SHUTDOWN_TIMEOUT_SECONDS must be at most 600')
    // Under the 30 s a container platform waits between SIGTERM and SIGKILL.
    .default(25),
  INBOUND_EMAIL_DOMAIN: z
    .string()
    .regex(
      /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i,
      'INBOUND_EMAIL_DOMAIN must be a mail domain, e.g. reply.yard.example',
    )
    .optional(),
  INBOUND_EMAIL_TOKEN: z
    .string()
    .min(32, 'INBOUND_EMAIL_TOKEN must be at least 32 characters, e.g. the output of `openssl rand -hex 32`')
    .regex(/^\S+$/, 'INBOUND_EMAIL_TOKEN must not contain spaces')
    .optional(),
  REPLY_ADDRESS_SECRET: z
    .string()
    .min(32, 'REPLY_ADDRESS_SECRET must be at least 32 characters, e.g. the output of `openssl rand -hex 32`')
    .optional(),
  NODE_ENV: z.string().optional(),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  smtpUrl?: string;
  mailFrom: string;
  publicUrl: string;
  sessionSecret?: string;
  inviteExpiryDays: number;
  smtpCatcherPort: number;
  logLevel: Env['LOG_LEVEL'];
  /** JSON lines (production) or readable lines (development): LOG_FORMAT, else from NODE_ENV. */
  logFormat: 'json' | 'pretty';
  /** Prometheus metrics on a port of their own (METRICS_PORT; off when unset), optionally behind a bearer token. */
  metrics: { port?: number; token?: string };
  /** Derived: mail leaves through the built-in catcher when no SMTP_URL is given. */
  useMailCatcher: boolean;
  /** Derived: embedded PGlite when no DATABASE_URL is given. */
  embeddedDatabase: boolean;
  secureCookies: boolean;
  /** Derived: PUBLIC_URL is https, so browsers may be told to use nothing else (HSTS). */
  publicHttps: boolean;
  /** Which proxies may set X-Forwarded-For; off by default so clients cannot pick their own IP. */
  trustProxy: boolean | number | string[];
  /** Bulk invites: upload limits, how long a worker's claim on a running batch lasts, first retry delay. */
  bulkInvites: {
    maxBytes: number;
    maxRows: number;
    leaseSeconds: number;
    retrySeconds: number;
    /** Uploads read and matched at once by one web process (one per yard). */
    maxParses: number;
    /** Messages of a batch in flight: at most this many accepted and not yet recorded at a crash. */
    concurrency: number;
  };
  /** On SIGTERM/SIGINT: how long in-flight requests, jobs and batches may take before the process exits anyway. */
  shutdownTimeoutSeconds: number;
  /** Pages each web process keeps by record version (docs/page-cache.md); 0: none. */
  pageCacheEntries: number;
  /** Turns on POST /api/operator/yards (Bearer token); unset, the route answers 404. */
  operatorToken?: string;
  /** The worker's scheduled purges (src/modules/cleanup): rows per delete, and how long things are kept. */
  cleanup: {
    batchSize: number;
    rateLimitKeepHours: number;
    uploadKeepHours: number;
    /** Only used with the built-in mail catcher. */
    mailboxKeepDays: number;
  };
  /**
   * Messages by email (docs/messages.md): the domain of the signed reply addresses (default:
   * MAIL_FROM's), the token of the inbound HTTP route (unset: the route answers 404) and the
   * secret the addresses are signed with (unset: one generated and kept in the database).
   */
  inboundEmail: { domain: string; token?: string; replySecret?: string };
  /** Derived: Stripe when its three keys are set, else the built-in offline provider. */
  payments: PaymentsConfig;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1)$/;

function parseTrustProxy(v: string | undefined): boolean | number | string[] {
  if (!v || v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Slipway cannot start; fix these settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings are treated as unset so `FOO= npm start` means "use the default".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  // The built-in catcher's mailbox shows every email, invite links included: only ever on a
  // machine's own loopback address.
  if (!e.SMTP_URL && !LOOPBACK.test(e.HOST)) {
    throw new ConfigError([
      `SMTP_URL: required when HOST is ${e.HOST}; without it mail would go to the built-in catcher, whose mailbox must stay on 127.0.0.1`,
    ]);
  }
  const payments = paymentsConfig(e);
  if ('problem' in payments) throw new ConfigError([payments.problem]);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM ?? 'portal@slipway.local',
    publicUrl,
    sessionSecret: e.SESSION_SECRET,
    inviteExpiryDays: e.INVITE_EXPIRY_DAYS,
    smtpCatcherPort: e.SMTP_CATCHER_PORT,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (e.NODE_ENV === 'production' ? 'json' : 'pretty'),
    metrics: { port: e.METRICS_PORT, token: e.METRICS_TOKEN },
    useMailCatcher: !e.SMTP_URL,
    embeddedDatabase: !e.DATABASE_URL,
    secureCookies: publicUrl.startsWith('https://'),
    publicHttps: publicUrl.startsWith('https://'),
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    bulkInvites: {
      maxBytes: e.BULK_INVITE_MAX_BYTES,
      maxRows: e.BULK_INVITE_MAX_ROWS,
      leaseSeconds: e.BULK_INVITE_LEASE_SECONDS,
      retrySeconds: e.BULK_INVITE_RETRY_SECONDS,
      maxParses: e.BULK_INVITE_MAX_PARSES,
      concurrency: e.BULK_INVITE_CONCURRENCY,
    },
    pageCacheEntries: e.PAGE_CACHE_ENTRIES,
    operatorToken: e.OPERATOR_TOKEN,
    cleanup: {
      batchSize: e.CLEANUP_BATCH_SIZE,
      rateLimitKeepHours: e.RATE_LIMIT_KEEP_HOURS,
      uploadKeepHours: e.UPLOAD_SPOOL_KEEP_HOURS,
      mailboxKeepDays: e.MAILBOX_KEEP_DAYS,
    },
    shutdownTimeoutSeconds: e.SHUTDOWN_TIMEOUT_SECONDS,
    inboundEmail: {
      domain: (e.INBOUND_EMAIL_DOMAIN ?? (e.MAIL_FROM ?? 'portal@slipway.local').split('@')[1]).toLowerCase(),
      token: e.INBOUND_EMAIL_TOKEN,
      replySecret: e.REPLY_ADDRESS_SECRET,
    },
    payments,
  };
}
