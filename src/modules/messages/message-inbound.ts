import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import type { AppDeps } from '../../server/deps.js';
import { logger } from '../../server/logger.js';
import { roleMay, type StaffRole } from '../../server/permissions.js';
import { replyAddressSecret } from '../../server/secrets.js';
import {
  attachmentProblem,
  declaredAttachmentType,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
} from './attachment-check.js';
import { MAX_MESSAGE_CHARS, type MessageFile } from './message-form.js';
import { messagesRepo } from './messages.repo.js';
import type { Messages } from './messages.service.js';
import { stripQuoted } from './quoted-text.js';
import { checkReplyAddress, looksLikeReplyAddress } from './reply-address.js';

export type InboundDrop =
  | 'not_reply_address'
  | 'bad_signature'
  | 'unknown_thread'
  | 'wrong_sender'
  | 'auto_reply'
  | 'empty'
  | 'unreadable';

export type InboundResult = { accepted: true; messageId: string } | { accepted: false; reason: InboundDrop };

/** Raw MIME bytes an inbound path takes at most (the SMTP server and the HTTP route alike). */
export const MAX_INBOUND_BYTES = 30 * 1024 * 1024;

// Control characters other than tab and line breaks cannot be in a message (as text-fields.ts).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

const addresses = (a: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.map((v) => v.address ?? '')).filter(Boolean);

const headerList = (mail: ParsedMail, name: string) => {
  const v = mail.headers.get(name);
  if (!v) return [];
  if (typeof v === 'string') return v.split(',').map((s) => s.trim().replace(/^.*<|>.*$/g, ''));
  return addresses(v as AddressObject);
};

/** Out-of-office answers and list mail are not replies a person wrote: never a message. */
function isAutomatic(mail: ParsedMail): boolean {
  const auto = String(mail.headers.get('auto-submitted') ?? 'no').toLowerCase();
  const precedence = String(mail.headers.get('precedence') ?? '').toLowerCase();
  return auto !== 'no' || ['bulk', 'auto_reply', 'junk', 'list'].includes(precedence);
}

/**
 * Turns a received email into a message of the thread its signed reply address names
 * (docs/messages.md). Accepted only when the address's signature is right, the thread exists
 * and the sender is that thread's participant on that side: the customer's email for `c`, an
 * active staff member of the yard who may work on it for `s`. Everything else is dropped and
 * logged, by reason and thread only: never the address (it carries the signature) or a secret.
 */
export function createInbound(
  deps: Pick<AppDeps, 'database' | 'config'>,
  messages: Pick<Messages, 'receiveReply'>,
) {
  const repo = messagesRepo(deps.database.db);
  const { domain } = deps.config.inboundEmail;
  let secret: Promise<string> | undefined;
  const getSecret = () => {
    secret ??= replyAddressSecret(deps.database.db, deps.config.inboundEmail.replySecret);
    return secret;
  };

  const drop = (reason: InboundDrop, threadId?: string): InboundResult => {
    logger().warn({ reason, ...(threadId ? { threadId } : {}) }, 'inbound email dropped');
    return { accepted: false, reason };
  };

  function files(mail: ParsedMail): { kept: MessageFile[]; skipped: number } {
    const kept: MessageFile[] = [];
    let skipped = 0;
    for (const a of mail.attachments) {
      const name = (a.filename ?? 'file').slice(0, 200);
      // Inline images of a signature or a quoted message: not something the writer attached.
      if (a.contentDisposition === 'inline' && !a.filename) continue;
      if (
        kept.length >= MAX_ATTACHMENTS ||
        a.size > MAX_ATTACHMENT_BYTES ||
        attachmentProblem(name, a.contentType, a.content)
      ) {
        skipped++;
        continue;
      }
      kept.push({ fileName: name, contentType: declaredAttachmentType(a.contentType)!, data: a.content });
    }
    return { kept, skipped };
  }

  return {
    /** Whether an envelope recipient is a reply address of ours (the SMTP server hands only those here). */
    isReplyAddress: (address: string) => looksLikeReplyAddress(address, domain),

    async receive(raw: Buffer, envelopeTo: string[] = []): Promise<InboundResult> {
      let mail: ParsedMail;
      try {
        mail = await simpleParser(raw);
      } catch {
        return drop('unreadable');
      }
      const rcpts = [
        ...envelopeTo,
        ...headerList(mail, 'delivered-to'),
        ...headerList(mail, 'x-original-to'),
        ...addresses(mail.to),
        ...addresses(mail.cc),
      ];
      const ours = rcpts.find((a) => looksLikeReplyAddress(a, domain));
      if (!ours) return drop('not_reply_address');
      const check = checkReplyAddress(await getSecret(), domain, ours);
      if (!check.ok) return drop(check.reason);
      const thread = await repo.byId(check.threadId);
      if (!thread) return drop('unknown_thread');
      if (isAutomatic(mail)) return drop('auto_reply', thread.id);

      const from = addresses(mail.from)[0]?.toLowerCase();
      let author: { side: 'customer'; accountId: string | null } | { side: 'staff'; staffId: string };
      if (check.side === 'c') {
        if (!from) return drop('wrong_sender', thread.id);
        if (thread.email && thread.email.toLowerCase() === from)
          author = { side: 'customer', accountId: null };
        else {
          // Someone the owner shared the thread's boat with, writing from their sign-in address.
          const grantees = await repo.granteesOf(thread.yard_id, thread.customer_id, thread.order_id);
          const grantee = grantees.find((g) => g.login_email.toLowerCase() === from);
          if (!grantee) return drop('wrong_sender', thread.id);
          author = { side: 'customer', accountId: grantee.account_id };
        }
      } else {
        const staff = from ? await repo.staffByEmail(thread.yard_id, from) : undefined;
        const may =
          staff &&
          roleMay(staff.role as StaffRole, 'staff:work') &&
          (staff.role !== 'technician' || (thread.order_id !== null && thread.assigned_to === staff.id));
        if (!staff || !may) return drop('wrong_sender', thread.id);
        author = { side: 'staff', staffId: staff.id };
      }

      const text = stripQuoted(mail.text ?? '')
        .replace(CONTROL, '')
        .replace(/\t/g, '  ')
        .slice(0, MAX_MESSAGE_CHARS)
        .trim();
      const { kept, skipped } = files(mail);
      if (!text && kept.length === 0) return drop('empty', thread.id);
      const body = text || `(${kept.length === 1 ? 'a file' : `${kept.length} files`}, sent by email)`;
      const messageId = await messages.receiveReply(
        { yardId: thread.yard_id, customerId: thread.customer_id, orderId: thread.order_id },
        author,
        { body, files: kept },
      );
      logger().info(
        { threadId: thread.id, side: author.side, files: kept.length, skippedFiles: skipped },
        'inbound email accepted',
      );
      return { accepted: true, messageId };
    },
  };
}

export type Inbound = ReturnType<typeof createInbound>;
