import { Readable } from 'node:stream';
import nodemailer, { type SentMessageInfo, type Transporter } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type MailMessage from 'nodemailer/lib/mailer/mail-message.js';
import type MimeNode from 'nodemailer/lib/mime-node/index.js';
import { mailMetrics } from '../../server/metrics.js';
import { messageBytes } from './mime-bytes.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  fromName?: string;
  replyTo?: string | null;
  /** Files sent with it, e.g. an estimate's PDF. */
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string; response: string }>;
  close(): void;
}

/**
 * A send failure, classified: `permanent` when the server refused the message for good
 * (5xx: unknown mailbox, policy), otherwise worth retrying (4xx, connection trouble);
 * `serverReason` is the mail server's own answer (at most 500 characters); `answered` says
 * whether the server answered about this message at all (a reply code), as against a
 * timeout or a lost connection, which says nothing about the next recipient either.
 *
 * An error of the mail module, not an answer to a person: mail leaves through the queue,
 * and each worker decides what a failure becomes (a retry, a reason on the invite or the
 * bulk invite's pause, a dropped account email). Nothing turns it into an HTTP answer;
 * if something ever must, map it to a catalog code there (src/shared/error-codes.ts).
 */
export class MailSendError extends Error {
  constructor(
    readonly permanent: boolean,
    readonly serverReason: string,
    readonly answered = true,
  ) {
    super(serverReason);
    this.name = 'MailSendError';
  }
}

export function classifySendError(err: unknown): MailSendError {
  const e = err as { responseCode?: number; response?: string; message?: string; code?: string };
  const reason = (e.response ?? e.message ?? String(err)).slice(0, 500);
  const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600;
  return new MailSendError(permanent, reason, typeof e.responseCode === 'number');
}

export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  // Timeouts well inside the queue's job expiry (120 s), so a hung server fails the
  // attempt instead of overlapping with its retry.
  // The options go beside the URL: as createTransport's second argument they would be
  // message defaults, and every message would open a connection of its own.
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 4,
    maxMessages: 1000,
    connectionTimeout: 15_000,
    greetingTimeout: 10_000,
    socketTimeout: 45_000,
  } as never);
  return {
    async send(mail) {
      try {
        // Built whole first, in one pass (mime-bytes.ts), then handed to the pool as one
        // piece: streamed part by part, each message went to the server's socket in a dozen
        // writes (docs/operations.md, "Bulk invites, sending").
        const message = new MailComposer({
          from: mail.fromName ? { name: mail.fromName, address: from } : from,
          to: mail.to,
          replyTo: mail.replyTo ?? undefined,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          attachments: mail.attachments,
        }).compile();
        const info = await sendBuilt(transport, message, await messageBytes(message));
        mailMetrics.sent.inc();
        return { messageId: message.messageId(), response: info.response ?? '' };
      } catch (err) {
        const failure = classifySendError(err);
        mailMetrics.failed.inc({ kind: failure.permanent ? 'permanent' : 'temporary' });
        throw failure;
      }
    },
    close: () => transport.close(),
  };
}

/**
 * Hands a built message to the pool itself, as Nodemailer's own `sendMail` does once it has
 * compiled one, without compiling it a second time: given `raw`, `sendMail` wraps it in a new
 * message tree with an id of its own and streams it through a pipeline again. The pool reads
 * the envelope, the id and a fresh stream of the bytes for each try; a try on a reused
 * connection that the server closed before a byte was read goes again over a new one
 * (`mailer.test.ts`), and a refusal resets the session, as for any message of the pool.
 */
function sendBuilt(transport: Transporter, node: MimeNode, raw: Buffer): Promise<SentMessageInfo> {
  const envelope = node.getEnvelope();
  const messageId = node.messageId();
  const message = {
    getEnvelope: () => ({ from: envelope.from, to: [...envelope.to] }),
    messageId: () => messageId,
    getHeader: (key: string) => node.getHeader(key),
    createReadStream: () =>
      new Readable({
        read() {
          this.push(raw);
          this.push(null);
        },
      }),
  };
  const mail = { data: {}, message } as unknown as MailMessage<SentMessageInfo>;
  return new Promise((resolve, reject) =>
    transport.transporter.send(mail, (err, info) => (err ? reject(err) : resolve(info as SentMessageInfo))),
  );
}
