import { once } from 'node:events';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSmtpMailer, type Mailer, MailSendError } from './mailer.js';

/**
 * A mail server written out command by command, so that a test can make it do what a real
 * one does now and then: drop a connection it kept open between messages the moment the
 * next one starts (an idle timeout on its side), or refuse a recipient.
 */
async function startScriptedServer(opts: { dropReused?: boolean; refuse?: string } = {}) {
  const messages: { connection: number; data: string }[] = [];
  /** Each connection's commands, in order, and whether the client closed it. */
  const sessions: { commands: string[]; closed: boolean }[] = [];
  const server = createServer((socket: Socket) => {
    const session = { commands: [] as string[], closed: false };
    const connection = sessions.push(session);
    socket.on('close', () => {
      session.closed = true;
    });
    let delivered = 0;
    let data: string[] | null = null;
    let buffered = '';
    socket.write('220 scripted.test ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      for (let end = buffered.indexOf('\r\n'); end >= 0; end = buffered.indexOf('\r\n')) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        if (data) {
          if (line !== '.') data.push(line);
          else {
            messages.push({ connection, data: data.join('\r\n') });
            data = null;
            delivered++;
            socket.write('250 2.0.0 queued\r\n');
          }
          continue;
        }
        session.commands.push(line);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'MAIL' && opts.dropReused && delivered > 0) {
          socket.destroy();
          return;
        }
        if (verb === 'RCPT' && opts.refuse && line.includes(opts.refuse)) {
          socket.write('550 5.1.1 User unknown\r\n');
        } else if (verb === 'DATA') {
          data = [];
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') {
          socket.end('221 bye\r\n');
        } else socket.write('250 scripted.test\r\n');
      }
    });
    socket.on('error', () => {});
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    sessions,
    close: () => new Promise((r) => server.close(r)),
  };
}

const mail = (to: string) => ({ to, subject: `For ${to}`, text: `Hello ${to}`, html: `<p>Hello ${to}</p>` });

describe('the mailer, handing built messages to its pool of connections', () => {
  let mailer: Mailer | null = null;
  let server: Awaited<ReturnType<typeof startScriptedServer>> | null = null;
  afterEach(async () => {
    mailer?.close();
    await server?.close();
  });

  it('sends a message again over a new connection when the server dropped the kept one before reading it', async () => {
    server = await startScriptedServer({ dropReused: true });
    mailer = createSmtpMailer(server.url, 'portal@yard.test');
    await mailer.send(mail('ann@example.com'));
    const sent = await mailer.send(mail('bob@example.com'));
    expect(sent.response).toContain('250');
    // The second message was begun on the kept connection, dropped there, and sent on a new one.
    expect(server.sessions[0].commands.filter((c) => c.startsWith('MAIL'))).toHaveLength(2);
    expect(server.messages.map((m) => m.connection)).toEqual([1, 2]);
    expect(server.sessions).toHaveLength(2);
    expect(server.messages[1].data).toContain('Hello bob@example.com');
  });

  it('answers a refusal with the server’s reason, resets the session and keeps the connection', async () => {
    server = await startScriptedServer({ refuse: 'nobody@example.com' });
    mailer = createSmtpMailer(server.url, 'portal@yard.test');
    await mailer.send(mail('ann@example.com'));
    const refused = await mailer.send(mail('nobody@example.com')).catch((e) => e);
    expect(refused).toBeInstanceOf(MailSendError);
    expect(refused).toMatchObject({ permanent: true, serverReason: expect.stringContaining('User unknown') });
    await mailer.send(mail('cy@example.com'));
    expect(server.messages.map((m) => m.data.match(/Hello (\S+)/)?.[1])).toEqual([
      'ann@example.com',
      'cy@example.com',
    ]);
    const first = server.sessions[0];
    const refusedAt = first.commands.findIndex((c) => c.includes('nobody@example.com'));
    expect(first.commands.slice(refusedAt + 1)).toContain('RSET');
    expect(first.closed).toBe(false);
  });
});
