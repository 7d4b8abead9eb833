import type { Kysely } from 'kysely';
import type PgBoss from 'pg-boss';
import type { DB } from '../../db/schema.js';
import { QUEUES } from '../../jobs/queue.js';
import type { AppDeps } from '../../server/deps.js';
import { runJob } from '../../server/logger.js';
import { granteesRepo } from '../access/grantees.repo.js';
import type { GrantRole } from '../access/portal-ability.js';
import { mailEach, mailFirst, mailOutcome, retryOnly } from '../mail/mail-each.js';
import type { NotificationKind } from '../notifications/notification-preferences.js';
import { notificationPreferencesRepo } from '../notifications/notification-preferences.repo.js';
import { billingRepo } from './billing.repo.js';
import { type BillingService, createBillingService, paidWith } from './billing.service.js';
import { loadEstimatePdf } from './estimate-pdf.js';
import { type OrderEmailData, renderOrderEmail } from './order-email.js';
import type { OrderEmailJob } from './order-email-job.js';
import { orderUpdatesRepo } from './order-updates.repo.js';
import { firstName } from './order-updates.service.js';
import { ordersRepo } from './orders.repo.js';
import { paymentsRepo } from './payments.repo.js';

type Composed = {
  /** The owner's address; null when they have none or turned this kind off. */
  to: string | null;
  /** Mail those the owner shared the order's boat with, of these roles (estimates, invoices, job updates). */
  share?: { ownerId: string; orderId: string; kind: NotificationKind; roles: readonly GrantRole[] };
  /** A receipt or refund: the person with shared access who paid, besides the owner. */
  payer?: Grantee | null;
  yardName: string;
  yardEmail: string | null;
  data: OrderEmailData;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
};

type Grantee = { account_id: string; login_email: string; name: string; owner_name: string };
type ReceiptRow = NonNullable<Awaited<ReturnType<ReturnType<typeof paymentsRepo>['forReceipt']>>>;

/**
 * The payer of a receipt's payment when it was someone the owner shared access with, and
 * only while that access still reaches the order with the right to pay (a revoked grant,
 * another boat or an archived owner: no mail), greeted by the grant's name.
 */
async function payerOf(db: Kysely<DB>, r: ReceiptRow): Promise<Grantee | null> {
  if (!r.paid_by_account_id) return null;
  const payers = await granteesRepo(db).ofOrder(r.yard_id, r.customer_id, r.order_id, INVOICE_ROLES);
  return payers.find((g) => g.account_id === r.paid_by_account_id) ?? null;
}

/** Who gets the mail and what it says, read fresh when the job runs. */
async function compose(db: Kysely<DB>, publicUrl: string, job: OrderEmailJob): Promise<Composed | null> {
  const link = (slug: string, orderId: string) => `${publicUrl}/portal/${slug}/orders/${orderId}`;
  if (job.kind === 'refund') {
    const refund = await billingRepo(db).findRefund(job.refundId);
    if (!refund) return null;
    const r = await paymentsRepo(db).forReceipt(refund.payment_id);
    if (!r) return null;
    return {
      to: r.email,
      payer: await payerOf(db, r),
      yardName: r.yard_name,
      yardEmail: r.yard_email,
      data: {
        kind: 'refund',
        currency: r.yard_currency,
        yardName: r.yard_name,
        firstName: r.first_name,
        amountCents: refund.amount_cents,
        invoiceNumber: r.invoice_number,
        paidWith: paidWith(refund),
        reason: refund.reason,
        link: link(r.yard_slug, r.order_id),
      },
    };
  }
  if (job.kind === 'receipt') {
    const r = await paymentsRepo(db).forReceipt(job.paymentId);
    if (!r) return null;
    return {
      to: r.email,
      payer: await payerOf(db, r),
      yardName: r.yard_name,
      yardEmail: r.yard_email,
      data: {
        kind: 'receipt',
        currency: r.yard_currency,
        timeZone: r.yard_timezone,
        yardName: r.yard_name,
        firstName: r.first_name,
        amountCents: r.amount_cents,
        invoiceNumber: r.invoice_number,
        // What a credit note took off is not due either.
        balanceCents: r.total_cents - r.paid_cents - r.credited_cents,
        paidWith: paidWith({ method: r.method, reference: r.reference }),
        receivedAt: r.received_at,
        link: link(r.yard_slug, r.order_id),
      },
    };
  }
  if (job.kind === 'job_update') return composeJobUpdate(db, link, job);
  const id = job.kind === 'estimate' ? job.estimateId : job.invoiceId;
  const doc = await ordersRepo(db).forDocumentEmail(job.yardId, job.kind, id);
  if (!doc) return null;
  // The customer turned this kind of mail off: the document waits in their portal.
  const kind = job.kind === 'estimate' ? 'estimates' : 'invoices';
  const wanted =
    !!doc.email && (await notificationPreferencesRepo(db).wants(job.yardId, doc.customer_id, kind));
  const to = wanted ? doc.email : null;
  const share = {
    ownerId: doc.customer_id,
    orderId: doc.order_id,
    kind,
    roles: job.kind === 'estimate' ? ESTIMATE_ROLES : INVOICE_ROLES,
  } as const;
  const base = {
    currency: doc.yard_currency,
    yardName: doc.name,
    firstName: doc.first_name,
    number: doc.number,
    link: link(doc.slug, doc.order_id),
  };
  if (job.kind === 'estimate') {
    // Rendered here, off the request and outside any transaction.
    const pdf = await loadEstimatePdf(db, job.yardId, job.estimateId);
    return {
      to,
      share,
      yardName: doc.name,
      yardEmail: doc.yard_email,
      data: { kind: 'estimate', ...base, totalCents: doc.total_cents, version: doc.version ?? 1 },
      attachments: pdf ? [{ filename: pdf.filename, content: pdf.data, contentType: 'application/pdf' }] : [],
    };
  }
  const inv = await ordersRepo(db).invoiceBalance(job.yardId, job.invoiceId);
  return {
    to,
    share,
    yardName: doc.name,
    yardEmail: doc.yard_email,
    data: {
      kind: 'invoice',
      ...base,
      balanceCents: doc.total_cents - inv.paid_cents - inv.credited_cents,
      dueOn: inv.due_on ? String(inv.due_on).slice(0, 10) : null,
    },
  };
}

/**
 * Who of those the owner shared access with gets an order email (docs/shared-access.md): an
 * estimate those who may approve it, an invoice those who may pay it, a job update everyone
 * the boat is shared with; each by their own notification choice.
 */
const ESTIMATE_ROLES = ['approve', 'pay'] as const;
const INVOICE_ROLES = ['pay'] as const;
const JOB_UPDATE_ROLES = ['view', 'approve', 'pay'] as const;

async function granteesFor(db: Kysely<DB>, job: OrderEmailJob, share: NonNullable<Composed['share']>) {
  if (!('yardId' in job)) return [];
  const prefs = notificationPreferencesRepo(db);
  const all = await granteesRepo(db).ofOrder(job.yardId, share.ownerId, share.orderId, share.roles);
  const wanted = await prefs.granteesWanting(
    job.yardId,
    all.map((g) => g.account_id),
    share.kind,
  );
  return all.filter((g) => wanted.has(g.account_id));
}

/** What the yard posted on an order, as it reads now; the photos stay behind the link. */
async function composeJobUpdate(
  db: Kysely<DB>,
  link: (slug: string, orderId: string) => string,
  job: Extract<OrderEmailJob, { kind: 'job_update' }>,
): Promise<Composed | null> {
  const u = await orderUpdatesRepo(db).forEmail(job.yardId, job.updateId);
  if (!u) return null;
  // The customer turned job updates off: the update waits on their order page.
  const wanted =
    !!u.email && (await notificationPreferencesRepo(db).wants(job.yardId, u.customer_id, 'jobUpdates'));
  return {
    to: wanted ? u.email : null,
    share: { ownerId: u.customer_id, orderId: u.order_id, kind: 'jobUpdates', roles: JOB_UPDATE_ROLES },
    yardName: u.yard_name,
    yardEmail: u.yard_email,
    data: {
      kind: 'job_update',
      yardName: u.yard_name,
      firstName: u.first_name,
      number: u.number,
      title: u.title,
      boatName: u.boat_name,
      postedBy: firstName(u.staff_name),
      body: u.body,
      photoCount: Number(u.photo_count ?? 0),
      link: link(u.slug, u.order_id),
    },
  };
}

/** The PDF sent along: the invoice, or the payment's receipt (after a refund, as it now stands). */
async function attachmentOf(billing: BillingService, job: OrderEmailJob) {
  const doc =
    job.kind === 'invoice'
      ? await billing.invoiceDocument(job.yardId, job.invoiceId)
      : job.kind === 'receipt'
        ? await receiptOf(billing, job.paymentId)
        : job.kind === 'refund'
          ? await refundReceipt(billing, job.refundId)
          : null;
  return doc ? { filename: doc.filename, content: doc.pdf, contentType: 'application/pdf' } : null;
}

async function receiptOf(billing: BillingService, paymentId: string) {
  const yardId = await billing.yardOfPayment(paymentId);
  return yardId ? billing.receiptDocument(yardId, paymentId) : null;
}

async function refundReceipt(billing: BillingService, refundId: string) {
  const refund = await billing.refundOf(refundId);
  return refund ? billing.receiptDocument(refund.yard_id, refund.payment_id) : null;
}

/** Sends order mail off the queue; a thrown error hands the job back to pg-boss to retry. */
export async function workOrderEmails(
  deps: Pick<AppDeps, 'database' | 'config' | 'mailer'> & { boss: PgBoss },
  opts: { pollingIntervalSeconds?: number } = {},
) {
  const billing = createBillingService(deps);
  return deps.boss.work<OrderEmailJob>(
    QUEUES.orderEmail,
    { batchSize: 1, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1 },
    async ([job]) =>
      runJob(job, async (log) => {
        const mail = await compose(deps.database.db, deps.config.publicUrl, job.data);
        const shared: Grantee[] = mail?.share
          ? await granteesFor(deps.database.db, job.data, mail.share)
          : mail?.payer
            ? [mail.payer]
            : [];
        // A retry for some of those the owner shared access with: the owner had it already.
        const only = job.data.only;
        const to = only ? null : mail?.to;
        const grantees = only ? shared.filter((g) => only.includes(g.account_id)) : shared;
        // No email on file any more, or everyone turned this kind off: nothing to send, and
        // retrying will not change that.
        if (!mail || (!to && grantees.length === 0)) return 'skipped';
        const attachment = await attachmentOf(billing, job.data);
        const send = (address: string, data: OrderEmailData) =>
          deps.mailer.send({
            to: address,
            fromName: mail.yardName,
            replyTo: mail.yardEmail,
            ...renderOrderEmail(data),
            attachments: [...(mail.attachments ?? []), ...(attachment ? [attachment] : [])],
          });
        const ownerSent =
          !!to &&
          (await mailFirst(
            () => send(to, mail.data),
            () => log.warn({ event: 'order_mail_refused', to: 'owner' }, 'order email refused'),
          ));
        const left = await mailEach(
          grantees,
          (g) =>
            send(g.login_email, {
              ...mail.data,
              firstName: g.name.split(/\s+/)[0] ?? '',
              sharedBy: g.owner_name,
            }),
          (g) => log.warn({ event: 'order_mail_refused', accountId: g.account_id }, 'order email refused'),
        );
        await retryOnly(deps.boss, QUEUES.orderEmail, job.data, grantees.length, left);
        return mailOutcome(ownerSent, left);
      }),
  );
}
