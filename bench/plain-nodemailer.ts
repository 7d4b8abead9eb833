import nodemailer from 'nodemailer';
import { renderInviteEmail } from '../src/modules/invites/invite-email.js';

/**
 * The yardstick of the bulk-invite benchmarks: `count` invite-sized messages sent by plain
 * Nodemailer (a pool of 4 connections, as the mailer) into the SMTP server at `url`, all at
 * once. Answers messages per second.
 */
export async function plainNodemailerRate(url: string, count: number, yard: { name: string; slug: string }) {
  const transport = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: 4,
    maxMessages: 1000,
  } as never);
  const mail = renderInviteEmail({
    yardName: yard.name,
    yardEmail: 'office@bench.test',
    yardPhone: '(305) 555-0100',
    customerFirstName: 'Ava',
    portalLink: `https://portal.bench.test/portal/${yard.slug}/accept/${'x'.repeat(43)}`,
    expiresAt: new Date(),
  });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      transport.sendMail({ from: 'portal@bench.test', to: `plain-${i}@example.com`, ...mail }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  transport.close();
  return count / seconds;
}
