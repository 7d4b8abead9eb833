import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  parsed: ParsedMail;
}

/**
 * A real SMTP server for tests. `rejectRecipient` makes it refuse chosen addresses with
 * a permanent 550, as a mail server does for an unknown mailbox; `deferRecipient` with a
 * passing 451 (a greylisting server, a full mailbox), as often as it answers true.
 */
export async function startSmtpSink(
  opts: {
    rejectRecipient?: (address: string) => boolean;
    deferRecipient?: (address: string) => boolean;
  } = {},
) {
  const received: ReceivedMail[] = [];
  const waiters: Array<() => void> = [];
  // While held, messages are read but not answered: their senders wait on them.
  let held: Promise<void> | null = null;
  const makeServer = () =>
    new SMTPServer({
      authOptional: true,
      // No reverse DNS of 127.0.0.1 per connection: without a resolver it stalls every new connection.
      disableReverseLookup: true,
      // An outage drops open connections at once (the mailer pools them) instead of waiting 30 s.
      closeTimeout: 50,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (opts.rejectRecipient?.(address.address)) {
          const err = Object.assign(
            new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`),
            {
              responseCode: 550,
            },
          );
          return callback(err);
        }
        if (opts.deferRecipient?.(address.address)) {
          const err = Object.assign(new Error(`4.2.0 <${address.address}>: Greylisted, try again later`), {
            responseCode: 451,
          });
          return callback(err);
        }
        callback();
      },
      onData(stream, session, callback) {
        simpleParser(stream)
          .then(async (parsed) => {
            await held;
            received.push({ to: session.envelope.rcptTo.map((r) => r.address), parsed });
            for (const w of waiters.splice(0)) w();
            callback();
          })
          .catch(callback);
      },
    });
  // A client process killed mid-conversation resets its connection: not the server's fault.
  const makeServerQuiet = () => {
    const s = makeServer();
    s.on('error', () => {});
    return s;
  };
  let server = makeServerQuiet();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  const closeServer = () => new Promise<void>((resolve) => server.close(() => resolve()));

  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    mailTo: (address: string) => received.filter((m) => m.to.includes(address)),
    /** Waits until `count` messages to `address` arrived; fails after `timeoutMs`. */
    async waitForMail(address: string, count = 1, timeoutMs = 15_000): Promise<ReceivedMail[]> {
      const deadline = Date.now() + timeoutMs;
      while (received.filter((m) => m.to.includes(address)).length < count) {
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(
            `expected ${count} mail(s) to ${address}, got ${received.filter((m) => m.to.includes(address)).length}`,
          );
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, Math.min(left, 250));
        });
      }
      return received.filter((m) => m.to.includes(address));
    },
    /** From now on messages are read but not answered until the returned function is called. */
    hold(): () => void {
      let release = () => {};
      held = new Promise<void>((r) => {
        release = () => {
          held = null;
          r();
        };
      });
      return release;
    },
    /** An outage: the port refuses connections until `start()`. */
    stop: closeServer,
    async start() {
      server = makeServerQuiet();
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    },
    close: closeServer,
  };
}

export type SmtpSink = Awaited<ReturnType<typeof startSmtpSink>>;

/** The invite link in a received invite email's plain-text part. */
export function inviteLinkIn(mail: ReceivedMail): string {
  const m = /(https?:\/\/\S+\/accept\/[A-Za-z0-9_-]+)/.exec(mail.parsed.text ?? '');
  if (!m) throw new Error('no invite link in the email');
  return m[1];
}
