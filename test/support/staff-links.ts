import type { SmtpSink } from './harness.js';

/** The link to pick a password in the newest of `count` emails to `address`, and its token. */
export async function staffLinkFor(sink: SmtpSink, address: string, count = 1) {
  const mails = await sink.waitForMail(address, count);
  const mail = mails[count - 1];
  const m = /(https?:\/\/\S+\/app\/welcome\/([A-Za-z0-9_-]{43}))/.exec(mail.parsed.text ?? '');
  if (!m) throw new Error('no staff link in the email');
  return { link: m[1], token: m[2], mail };
}

export const NEW_STAFF_PASSWORD = 'lantern spinnaker quiet harbour';
