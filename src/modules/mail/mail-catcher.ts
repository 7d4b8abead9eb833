import type { AddressInfo } from 'node:net';
import type { Kysely } from 'kysely';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { DB } from '../../db/schema.js';
import { mailboxRepo } from './mailbox.repo.js';

/** Where the built-in server hands mail to a reply address of `domain` (reply+…@domain). */
export interface CatcherInbound {
  domain: string;
  receive(raw: Buffer, rcpts: string[]): Promise<void>;
}

/**
 * The built-in SMTP server used when no SMTP_URL is configured: mail really leaves
 * through SMTP and lands in the mailbox page, so the demo needs no outside mail server.
 * It listens on 127.0.0.1 only.
 */
export async function startMailCatcher(
  db: Kysely<DB>,
  port: number,
  inbound?: CatcherInbound,
): Promise<{ url: string; close(): Promise<void> }> {
  const mailbox = mailboxRepo(db);
  const isReply = (address: string) =>
    !!inbound &&
    address.toLowerCase().startsWith('reply+') &&
    address.toLowerCase().endsWith(`@${inbound.domain}`);
  const server = new SMTPServer({
    authOptional: true,
    // No reverse DNS of 127.0.0.1 per connection: without a resolver it stalls every new connection.
    disableReverseLookup: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // Room for a reply by email with its files (docs/messages.md).
    size: 30 * 1024 * 1024,
    onData(stream, session, callback) {
      const rcpts = session.envelope.rcptTo.map((r) => r.address);
      if (inbound && rcpts.some(isReply)) {
        // A reply to a message notification: the messages module's inbound path takes it
        // (and drops and logs what it does not accept), the mailbox does not keep it.
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('error', (err) => callback(err));
        stream.on('end', () => {
          inbound
            .receive(Buffer.concat(chunks), rcpts)
            .then(() => callback())
            .catch((err: Error) => callback(err));
        });
        return;
      }
      simpleParser(stream)
        .then(async (mail) => {
          await mailbox.add({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
            to: session.envelope.rcptTo.map((r) => r.address).join(', '),
            subject: mail.subject ?? null,
            text: mail.text ?? null,
            html: typeof mail.html === 'string' ? mail.html : null,
          });
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${actual}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
