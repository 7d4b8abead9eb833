import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { hashPassword } from '../../src/modules/accounts/password-hash.js';
import { makeCustomer } from './factories.js';
import type { Agent } from './harness.js';
import type { ReceivedMail } from './smtp-sink.js';

export const CUSTOMER_PASSWORD = 'mooring buoy cedar evening';

/** A customer who already joined the portal (without going through an invite). */
export async function makePortalCustomer(
  db: Kysely<DB>,
  yardId: string,
  over: Parameters<typeof makeCustomer>[2] = {},
) {
  const customer = await makeCustomer(db, yardId, over);
  const account = await db
    .insertInto('portal_accounts')
    .values({
      yard_id: yardId,
      customer_id: customer.id,
      login_email: customer.email!,
      password_hash: await hashPassword(CUSTOMER_PASSWORD),
      activated_at: new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { customer, account };
}

export async function signInCustomer(
  agent: Agent,
  yardSlug: string,
  email: string,
  password = CUSTOMER_PASSWORD,
) {
  const res = await agent.post(`/api/portal/${yardSlug}/sign-in`, { email, password });
  if (res.statusCode !== 200) throw new Error(`portal sign-in failed: ${res.statusCode} ${res.body}`);
  return res;
}

/** The token of the link to `/reset/` or `/confirm-email/` in a received email's plain text. */
export function linkTokenIn(
  mail: ReceivedMail,
  kind: 'reset' | 'confirm-email',
): { link: string; token: string } {
  const m = new RegExp(`(https?://\\S+/${kind}/([A-Za-z0-9_-]{43}))`).exec(mail.parsed.text ?? '');
  if (!m) throw new Error(`no ${kind} link in the email`);
  return { link: m[1], token: m[2] };
}

/**
 * A sign-in with no record of its own that a customer shared access with, as an accepted
 * invitation leaves it (docs/shared-access.md): its portal account and its live grant.
 * Without `password` it cannot sign in.
 */
export async function grantedAccount(
  db: Kysely<DB>,
  g: {
    yardId: string;
    ownerCustomerId: string;
    email: string;
    name?: string;
    role?: 'view' | 'approve' | 'pay';
    boatId?: string | null;
    password?: string;
  },
) {
  const name = g.name ?? 'Sam Rivers';
  const account = await db
    .insertInto('portal_accounts')
    .values({
      yard_id: g.yardId,
      customer_id: null,
      display_name: name,
      login_email: g.email,
      password_hash: await hashPassword(g.password ?? randomBytes(24).toString('hex')),
      activated_at: new Date(),
    })
    .returning(['id', 'login_email'])
    .executeTakeFirstOrThrow();
  await db
    .insertInto('access_grants')
    .values({
      yard_id: g.yardId,
      owner_customer_id: g.ownerCustomerId,
      email: g.email,
      name,
      role: g.role ?? 'view',
      boat_id: g.boatId ?? null,
      account_id: account.id,
      invited_at: new Date(),
      accepted_at: new Date(),
    })
    .execute();
  return account;
}
