import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { hashPassword } from '../../src/modules/accounts/password-hash.js';
import { STAFF_PASSWORD } from './factories.js';
import type { Harness, SmtpSink } from './harness.js';

/** The link to pick a password in the newest of `count` emails to `address`, and its token. */
export async function staffLinkFor(sink: SmtpSink, address: string, count = 1) {
  const mails = await sink.waitForMail(address, count);
  const mail = mails[count - 1];
  const m = /(https?:\/\/\S+\/app\/welcome\/([A-Za-z0-9_-]{43}))/.exec(mail.parsed.text ?? '');
  if (!m) throw new Error('no staff link in the email');
  return { link: m[1], token: m[2], mail };
}

export const NEW_STAFF_PASSWORD = 'lantern spinnaker quiet harbour';

/**
 * A staff member of the yard with this role, made in the database and signed in through the
 * app: `id` their staff id, `agent` their browser-less session.
 */
export async function signedInStaff(
  h: Pick<Harness, 'agent'>,
  db: Kysely<DB>,
  yardId: string,
  role: 'office' | 'technician' | 'viewer',
  name = `Pat ${role}`,
) {
  const email = `${role}-${Math.random().toString(36).slice(2)}@yard.test`;
  const row = await db
    .insertInto('staff_users')
    .values({ yard_id: yardId, email, name, role, password_hash: await hashPassword(STAFF_PASSWORD) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const agent = h.agent();
  await agent.signInStaff(email, STAFF_PASSWORD);
  return { id: row.id, agent };
}
