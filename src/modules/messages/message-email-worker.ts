import type PgBoss from 'pg-boss';
import { QUEUES } from '../../jobs/queue.js';
import type { AppDeps } from '../../server/deps.js';
import { runJob } from '../../server/logger.js';
import { replyAddressSecret } from '../../server/secrets.js';
import { mailEach, mailFirst, mailOutcome, retryOnly } from '../mail/mail-each.js';
import { notificationPreferencesRepo } from '../notifications/notification-preferences.repo.js';
import { renderMessageEmail } from './message-email.js';
import { messagesRepo } from './messages.repo.js';
import type { MessageEmailJob } from './messages.service.js';
import { replyAddress } from './reply-address.js';

/** Where each side opens a thread: the portal's and the dashboard's thread pages. */
export const portalThreadPath = (slug: string, orderId: string | null, customerId: string) =>
  `/portal/${slug}/messages/${orderId ? `orders/${orderId}` : `general?record=${customerId}`}`;
export const staffThreadPath = (customerId: string, orderId: string | null) =>
  `/app/messages/${orderId ? `orders/${orderId}` : `general/${customerId}`}`;

/**
 * Sends message notifications off the queue (docs/messages.md), composed from the message
 * as it is when sent: staff wrote → the customer (unless they have no email or turned
 * messages off); the customer wrote → the yard's email (none set: skipped). Each carries
 * the thread's signed reply address for its side. A thrown error hands the job back to retry;
 * a passing failure for one of those the boat is shared with is tried again for them alone.
 */
export async function workMessageEmails(
  deps: Pick<AppDeps, 'database' | 'config' | 'mailer'> & { boss: PgBoss },
  opts: { pollingIntervalSeconds?: number } = {},
) {
  const { db } = deps.database;
  const repo = messagesRepo(db);
  const prefs = notificationPreferencesRepo(db);
  const { publicUrl, inboundEmail } = deps.config;
  return deps.boss.work<MessageEmailJob>(
    QUEUES.messageEmail,
    { batchSize: 1, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1 },
    async ([job]) =>
      runJob(job, async (log) => {
        const m = await repo.forEmail(job.data.yardId, job.data.messageId);
        if (!m) return 'skipped';
        const secret = await replyAddressSecret(db, inboundEmail.replySecret);
        const toCustomer = m.author === 'staff';
        // The owner, unless they turned message emails off; the yard for a customer's message.
        const wanted = !toCustomer || (await prefs.wants(job.data.yardId, m.customer_id, 'messages'));
        // A retry for some of those the owner shared the boat with: the owner had it already.
        const only = job.data.only;
        const to = only || !wanted ? null : toCustomer ? m.email : m.yard_email;
        // Those the owner shared the boat with hear from the yard too, and may answer by email.
        const shared = toCustomer ? await repo.granteesOf(job.data.yardId, m.customer_id, m.order_id) : [];
        // Each by their own choice (their own record's, or their sign-in's without one).
        const wants = await prefs.granteesWanting(
          job.data.yardId,
          shared.map((g) => g.account_id),
          'messages',
        );
        const grantees = shared.filter(
          (g) => wants.has(g.account_id) && (!only || only.includes(g.account_id)),
        );
        if (!to && grantees.length === 0) return 'skipped';
        const customerName = `${m.first_name} ${m.last_name}`.trim();
        const replyTo = replyAddress(secret, inboundEmail.domain, toCustomer ? 'c' : 's', m.thread_id);
        const mailTo = async (address: string, greetName: string | null) => {
          const mail = renderMessageEmail({
            to: toCustomer ? 'customer' : 'yard',
            yardName: m.yard_name,
            greetName,
            writer: toCustomer ? (m.staff_name ?? 'Staff').trim().split(/\s+/)[0] : customerName,
            orderNumber: m.order_number,
            orderTitle: m.order_title,
            body: m.body,
            attachmentCount: Number(m.attachment_count ?? 0),
            link: `${publicUrl}${toCustomer ? portalThreadPath(m.slug, m.order_id, m.customer_id) : staffThreadPath(m.customer_id, m.order_id)}`,
          });
          await deps.mailer.send({
            to: address,
            fromName: toCustomer ? m.yard_name : `${customerName} (${m.yard_name} portal)`,
            replyTo,
            ...mail,
          });
        };
        const ownerSent =
          !!to &&
          (await mailFirst(
            () => mailTo(to, toCustomer ? m.first_name : null),
            () =>
              log.warn(
                { event: 'message_mail_refused', to: toCustomer ? 'owner' : 'yard' },
                'message email refused',
              ),
          ));
        const left = await mailEach(
          grantees,
          (g) => mailTo(g.login_email, g.name.split(/\s+/)[0] ?? null),
          (g) =>
            log.warn({ event: 'message_mail_refused', accountId: g.account_id }, 'message email refused'),
        );
        await retryOnly(deps.boss, QUEUES.messageEmail, job.data, grantees.length, left);
        return mailOutcome(ownerSent, left);
      }),
  );
}
