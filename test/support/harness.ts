import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Database } from '../../src/db/connection.js';
import { startQueue } from '../../src/jobs/queue.js';
import { createAccountMail, workAccountEmails } from '../../src/modules/accounts/account-mail.js';
import {
  createPasswordResets,
  workResetRequests,
} from '../../src/modules/accounts/password-reset.service.js';
import { cookieNames } from '../../src/modules/auth/cookie-names.js';
import { type BatchRunner, startBatchRunner } from '../../src/modules/bulk-invites/batch-runner.js';
import { type ImportRunner, startImportRunner } from '../../src/modules/imports/import-runner.js';
import {
  workDeadInviteEmails,
  workInviteEmails,
  workInviteRequests,
} from '../../src/modules/invites/invite-worker.js';
import { createInvitesService } from '../../src/modules/invites/invites.service.js';
import { createSmtpMailer } from '../../src/modules/mail/mailer.js';
import { workMessageEmails } from '../../src/modules/messages/message-email-worker.js';
import { workOrderEmails } from '../../src/modules/orders/order-email-worker.js';
import type { PaymentProvider } from '../../src/modules/orders/payment-provider.js';
import { createReminderJobs, workReminderEmails } from '../../src/modules/reminders/reminder-jobs.js';
import { createStaffMail, workStaffEmails } from '../../src/modules/yards/staff-links.js';
import { buildApp } from '../../src/server/app.js';
import { manualClock } from '../../src/server/clock.js';
import { type Config, loadConfig } from '../../src/server/config.js';
import type { AppDeps } from '../../src/server/deps.js';
import type { Logger } from '../../src/server/logger.js';
import { type SmtpSink, startSmtpSink } from './smtp-sink.js';

export const TEST_PUBLIC_URL = 'https://portal.slipway.test';

/**
 * The real application on a test database: real queue and worker, real SMTP into a
 * server the test owns, and a clock the test can move.
 */
export async function startHarness(
  database: Database,
  opts: {
    rejectRecipient?: (a: string) => boolean;
    deferRecipient?: (a: string) => boolean;
    worker?: boolean;
    publicUrl?: string;
    env?: Record<string, string>;
    /** Settings laid over the loaded ones (e.g. the mail catcher's mailbox on, an operator token). */
    config?: Partial<Config>;
    /** Log the app's requests here (it logs nothing otherwise). */
    logger?: Logger;
    /** A payment provider in place of the configured one (e.g. Stripe with a stubbed client). */
    paymentProvider?: PaymentProvider;
  } = {},
) {
  const sink = await startSmtpSink({
    rejectRecipient: opts.rejectRecipient,
    deferRecipient: opts.deferRecipient,
  });
  const clock = manualClock(new Date());
  const config = loadConfig({
    PUBLIC_URL: opts.publicUrl ?? TEST_PUBLIC_URL,
    LOG_LEVEL: 'silent',
    SMTP_URL: sink.url,
    BULK_INVITE_LEASE_SECONDS: '5',
    BULK_INVITE_RETRY_SECONDS: '0.5',
    ...opts.env,
  });
  Object.assign(config, opts.config);
  const mailer = createSmtpMailer(sink.url, config.mailFrom);
  const boss = await startQueue(database);
  const deps: AppDeps = { config, database, boss, clock, mailer, paymentProvider: opts.paymentProvider };
  const invites = createInvitesService(deps);
  let runner: BatchRunner | undefined;
  let importRunner: ImportRunner | undefined;
  if (opts.worker !== false) {
    runner = startBatchRunner(deps, invites, { ...config.bulkInvites, pollMs: 200 });
    importRunner = startImportRunner(deps, { leaseSeconds: config.bulkInvites.leaseSeconds, pollMs: 200 });
    await workInviteEmails(boss, invites, { pollingIntervalSeconds: 0.5 });
    await workDeadInviteEmails(boss, invites, { pollingIntervalSeconds: 0.5 });
    await workOrderEmails(deps, { pollingIntervalSeconds: 0.5 });
    await workMessageEmails(deps, { pollingIntervalSeconds: 0.5 });
    await workAccountEmails(boss, createAccountMail(deps), { pollingIntervalSeconds: 0.5 });
    await workStaffEmails(boss, createStaffMail(deps), { pollingIntervalSeconds: 0.5 });
    await workInviteRequests(boss, invites, { pollingIntervalSeconds: 0.5 });
    await workResetRequests(boss, createPasswordResets(deps), { pollingIntervalSeconds: 0.5 });
    await workReminderEmails(boss, createReminderJobs(deps), { pollingIntervalSeconds: 0.5 });
  }
  const app = await buildApp(deps, {
    cookieSecret: 'test-cookie-secret-0123456789abcdef0123',
    loggerInstance: opts.logger,
  });
  return {
    app,
    deps,
    sink,
    clock,
    invites,
    /** The names the app gives its cookies under this harness's PUBLIC_URL. */
    cookieNames: cookieNames(config.secureCookies),
    agent: (opts?: AgentOptions) => new Agent(app, opts),
    async close() {
      await app.close();
      await runner?.stop();
      await importRunner?.stop();
      // Graceful: a job still being worked (an email after a "forgot password") must finish, or
      // fail, before the test's database closes under it.
      await boss.stop({ graceful: true, wait: true, timeout: 5000 }).catch(() => {});
      mailer.close();
      await sink.close();
    },
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;
export type { SmtpSink };

export interface AgentOptions {
  /** The client address the server sees (light-my-request's default is 127.0.0.1). */
  remoteAddress?: string;
}

/** A browser stand-in: keeps cookies and sends the CSRF token on state-changing requests. */
export class Agent {
  private cookies = new Map<string, string>();
  private csrf: string | null = null;

  constructor(
    private readonly app: FastifyInstance,
    private readonly opts: AgentOptions = {},
  ) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');
  }

  private keep(res: LightMyRequestResponse) {
    for (const c of res.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
      const gone = c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now()) || c.value === '';
      if (gone) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    // Sign-in replaces the CSRF secret and hands out a token for it, as the web app uses it.
    const fresh = res.headers['x-csrf-token'];
    if (typeof fresh === 'string') this.csrf = fresh;
  }

  async token(): Promise<string> {
    if (!this.csrf) {
      const res = await this.request('GET', '/api/csrf');
      this.csrf = res.json().token as string;
    }
    return this.csrf;
  }

  async request(
    method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    opts: { csrf?: boolean; headers?: Record<string, string> } = {},
  ) {
    // The token first: fetching it sets the cookie this request must carry.
    const csrf = method !== 'GET' && method !== 'HEAD' && opts.csrf !== false ? await this.token() : null;
    const headers: Record<string, string> = { ...opts.headers, cookie: this.cookieHeader() };
    if (csrf) headers['x-csrf-token'] = csrf;
    const res = await this.app.inject({
      method,
      url,
      headers,
      remoteAddress: this.opts.remoteAddress,
      ...(body === undefined ? {} : { payload: body as object }),
    });
    this.keep(res);
    return res;
  }

  get = (url: string) => this.request('GET', url);
  post = (url: string, body: unknown = {}, opts?: { csrf?: boolean; headers?: Record<string, string> }) =>
    this.request('POST', url, body, opts);
  patch = (url: string, body: unknown) => this.request('PATCH', url, body);
  put = (url: string, body: unknown) => this.request('PUT', url, body);
  delete = (url: string) => this.request('DELETE', url);

  /** A POST with a raw body (multipart uploads), carrying the cookies and the CSRF token. */
  async postRaw(url: string, payload: Buffer, contentType: string, opts: { csrf?: boolean } = {}) {
    const csrf = opts.csrf !== false ? await this.token() : null;
    const headers: Record<string, string> = { cookie: this.cookieHeader(), 'content-type': contentType };
    if (csrf) headers['x-csrf-token'] = csrf;
    const res = await this.app.inject({
      method: 'POST',
      url,
      headers,
      payload,
      remoteAddress: this.opts.remoteAddress,
    });
    this.keep(res);
    return res;
  }

  cookie(name: string) {
    return this.cookies.get(name);
  }

  /** The cookie and CSRF headers this agent would send, for requests made outside inject. */
  async authHeaders(): Promise<Record<string, string>> {
    const csrf = await this.token();
    return { cookie: this.cookieHeader(), 'x-csrf-token': csrf };
  }

  async signInStaff(email: string, password: string) {
    const res = await this.post('/api/staff/sign-in', { email, password });
    if (res.statusCode !== 200) throw new Error(`staff sign-in failed: ${res.statusCode} ${res.body}`);
    return res;
  }
}
