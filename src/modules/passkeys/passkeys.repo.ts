import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export type ChallengePurpose = 'register' | 'sign_in';

export interface NewPasskey {
  yardId: string;
  accountId: string;
  credentialId: string;
  publicKey: Buffer;
  counter: number;
  transports: string[];
  userHandle: string;
  deviceType: 'singleDevice' | 'multiDevice';
  backedUp: boolean;
  aaguid: string;
  name: string;
  createdAt: Date;
}

const VIEW_COLUMNS = [
  'passkeys.id',
  'passkeys.name',
  'passkeys.created_at',
  'passkeys.last_used_at',
  'passkeys.backed_up',
  'passkeys.credential_id',
  'passkeys.transports',
  'passkeys.user_handle',
] as const;

/** Passkeys and their challenges (0025); every statement is yard-scoped. */
export function passkeysRepo(db: Kysely<DB>) {
  return {
    insertChallenge: (v: {
      hash: string;
      yardId: string;
      purpose: ChallengePurpose;
      accountId?: string;
      sessionHash?: string;
      userHandle?: string;
      now: Date;
      expiresAt: Date;
    }) =>
      db
        .insertInto('passkey_challenges')
        .values({
          challenge_hash: v.hash,
          yard_id: v.yardId,
          purpose: v.purpose,
          account_id: v.accountId ?? null,
          session_hash: v.sessionHash ?? null,
          user_handle: v.userHandle ?? null,
          created_at: v.now,
          expires_at: v.expiresAt,
        })
        .execute(),

    /**
     * Uses a challenge up: the row is deleted whatever comes next, so of two answers to one
     * challenge at most one finds it. Expiry is the caller's check (an expired one goes too).
     */
    consumeChallenge: (hash: string, yardId: string, purpose: ChallengePurpose) =>
      db
        .deleteFrom('passkey_challenges')
        .where('challenge_hash', '=', hash)
        .where('yard_id', '=', yardId)
        .where('purpose', '=', purpose)
        .returning(['account_id', 'session_hash', 'user_handle', 'expires_at'])
        .executeTakeFirst(),

    /** When the session with this token hash signed in (for "recent sign-in"). */
    sessionStartedAt: async (idHash: string, yardId: string) =>
      (
        await db
          .selectFrom('sessions')
          .select('created_at')
          .where('id_hash', '=', idHash)
          .where('yard_id', '=', yardId)
          .where('kind', '=', 'customer')
          .executeTakeFirst()
      )?.created_at,

    /** The account's login email and the customer's name, for the registration options. */
    accountForRegistration: (yardId: string, accountId: string) =>
      db
        .selectFrom('portal_accounts')
        // An account shared access only has no record of its own: its display name stands in.
        .leftJoin('customers', 'customers.id', 'portal_accounts.customer_id')
        .select([
          'portal_accounts.login_email',
          'portal_accounts.display_name',
          'customers.first_name',
          'customers.last_name',
        ])
        .where('portal_accounts.yard_id', '=', yardId)
        .where('portal_accounts.id', '=', accountId)
        .executeTakeFirst(),

    listForAccount: (yardId: string, accountId: string) =>
      db
        .selectFrom('passkeys')
        .select(VIEW_COLUMNS)
        .where('passkeys.yard_id', '=', yardId)
        .where('passkeys.account_id', '=', accountId)
        .orderBy('passkeys.created_at')
        .orderBy('passkeys.id')
        .execute(),

    /** Every passkey of the customer's accounts (a merge can leave a disabled one beside the live one). */
    listForCustomer: (yardId: string, customerId: string) =>
      db
        .selectFrom('passkeys')
        .innerJoin('portal_accounts', 'portal_accounts.id', 'passkeys.account_id')
        .select(VIEW_COLUMNS)
        .where('passkeys.yard_id', '=', yardId)
        .where('portal_accounts.yard_id', '=', yardId)
        .where('portal_accounts.customer_id', '=', customerId)
        .orderBy('passkeys.created_at')
        .orderBy('passkeys.id')
        .execute(),

    /** undefined when this yard already has the credential (the unique key decides). */
    insert: (trx: Kysely<DB>, p: NewPasskey) =>
      trx
        .insertInto('passkeys')
        .values({
          yard_id: p.yardId,
          account_id: p.accountId,
          credential_id: p.credentialId,
          public_key: p.publicKey,
          counter: p.counter,
          transports: JSON.stringify(p.transports),
          user_handle: p.userHandle,
          device_type: p.deviceType,
          backed_up: p.backedUp,
          aaguid: p.aaguid,
          name: p.name,
          created_at: p.createdAt,
        })
        .onConflict((oc) => oc.columns(['yard_id', 'credential_id']).doNothing())
        .returning('id')
        .executeTakeFirst(),

    /**
     * The passkey a sign-in at this yard names, with its account — only when the account
     * can sign in: not disabled (merged away), its customer not archived.
     */
    findForSignIn: (yardId: string, credentialId: string) =>
      db
        .selectFrom('passkeys')
        .innerJoin('portal_accounts', 'portal_accounts.id', 'passkeys.account_id')
        // An account shared access only has no record of its own (docs/shared-access.md).
        .leftJoin('customers', (j) =>
          j
            .onRef('customers.id', '=', 'portal_accounts.customer_id')
            .onRef('customers.yard_id', '=', 'portal_accounts.yard_id'),
        )
        .select([
          'passkeys.id',
          'passkeys.credential_id',
          'passkeys.public_key',
          'passkeys.counter',
          'passkeys.transports',
          'passkeys.user_handle',
          'portal_accounts.id as account_id',
          'portal_accounts.customer_id',
        ])
        .where('passkeys.yard_id', '=', yardId)
        .where('passkeys.credential_id', '=', credentialId)
        .where('portal_accounts.yard_id', '=', yardId)
        .where('portal_accounts.disabled_at', 'is', null)
        .where('customers.archived_at', 'is', null)
        .executeTakeFirst(),

    /**
     * A sign-in's counter, backup state and time. Conditional on the counter read before
     * verifying, so two sign-ins racing with the same counter cannot both record theirs.
     */
    recordUse: async (
      yardId: string,
      id: string,
      seenCounter: number,
      v: { counter: number; backedUp: boolean; deviceType: 'singleDevice' | 'multiDevice'; at: Date },
    ) => {
      const r = await db
        .updateTable('passkeys')
        .set({ counter: v.counter, backed_up: v.backedUp, device_type: v.deviceType, last_used_at: v.at })
        .where('yard_id', '=', yardId)
        .where('id', '=', id)
        .where('counter', '=', seenCounter)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /** Removes one passkey of one of the customer's accounts; its name, or undefined. */
    removeOfCustomer: (trx: Kysely<DB>, yardId: string, customerId: string, id: string) =>
      trx
        .deleteFrom('passkeys')
        .where('yard_id', '=', yardId)
        .where('id', '=', id)
        .where('account_id', 'in', (eb) =>
          eb
            .selectFrom('portal_accounts')
            .select('id')
            .where('yard_id', '=', yardId)
            .where('customer_id', '=', customerId),
        )
        .returning(['name', 'account_id'])
        .executeTakeFirst(),

    /** Removes one passkey of this account; its name, or undefined. */
    removeOfAccount: (trx: Kysely<DB>, yardId: string, accountId: string, id: string) =>
      trx
        .deleteFrom('passkeys')
        .where('yard_id', '=', yardId)
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returning(['name', 'account_id'])
        .executeTakeFirst(),

    /** The account's own record (NULL: a sign-in with shared access only), for the audit row. */
    ownRecordOf: async (trx: Kysely<DB>, yardId: string, accountId: string) =>
      (
        await trx
          .selectFrom('portal_accounts')
          .select('customer_id')
          .where('yard_id', '=', yardId)
          .where('id', '=', accountId)
          .executeTakeFirst()
      )?.customer_id ?? null,

    /** The sign-in that accepted one of the customer's grants (any state); undefined: no such grant. */
    accountOfGrant: (yardId: string, ownerId: string, grantId: string) =>
      db
        .selectFrom('access_grants')
        .select('account_id')
        .where('yard_id', '=', yardId)
        .where('owner_customer_id', '=', ownerId)
        .where('id', '=', grantId)
        .executeTakeFirst(),

    customerExists: async (yardId: string, customerId: string) =>
      !!(await db
        .selectFrom('customers')
        .select('id')
        .where('yard_id', '=', yardId)
        .where('id', '=', customerId)
        .executeTakeFirst()),
  };
}

export type PasskeysRepo = ReturnType<typeof passkeysRepo>;
export type PasskeyRow = Awaited<ReturnType<PasskeysRepo['listForAccount']>>[number];
