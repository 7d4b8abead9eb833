import { type Kysely, sql } from 'kysely';
import type { BatchPreview, BatchResult, DB, InviteBatchStatus } from '../../db/schema.js';
import type { InviteFacts } from '../invites/invite-policy.js';

export interface NewBatchRow {
  row_number: number;
  customer_id: string | null;
  input_number: string | null;
  input_email: string | null;
  input_name: string | null;
  input_phone: string | null;
  preview: BatchPreview;
  preview_reason: string | null;
  eligible_at: Date | null;
  duplicate_of: number | null;
}

export interface MatchCandidate {
  id: string;
  customer_number: number;
  first_name: string;
  last_name: string;
  email: string | null;
  email_lower: string | null;
  phone_digits: string | null;
  archived_at: Date | null;
}

const BATCH_COLUMNS = [
  'invite_batches.id',
  'invite_batches.source',
  'invite_batches.label',
  'invite_batches.status',
  'invite_batches.row_count',
  'invite_batches.created_at',
  'invite_batches.confirmed_at',
  'invite_batches.finished_at',
  'invite_batches.resume_at',
  'invite_batches.pause_reason',
  'staff_users.name as created_by_name',
] as const;

/** The only file of the bulk-invites module that touches the database. Every query is yard-scoped. */
export function inviteBatchesRepo(db: Kysely<DB>) {
  const batchQuery = (trx: Kysely<DB>) =>
    trx
      .selectFrom('invite_batches')
      .leftJoin('staff_users', 'staff_users.id', 'invite_batches.created_by')
      .select(BATCH_COLUMNS);

  return {
    /** The yard's customers among `ids`, by number (another yard's ids are dropped). */
    customersByIds: (yardId: string, ids: string[]) =>
      ids.length
        ? db
            .selectFrom('customers')
            .select(['customer_number', 'first_name', 'last_name', 'email', 'phone'])
            .where('yard_id', '=', yardId)
            .where('id', 'in', ids)
            .orderBy('customer_number')
            .execute()
        : Promise.resolve([]),

    /** A batch whose rows are still being written: shown to nobody until `finishPreparing`. */
    insertPreparing: (v: {
      yardId: string;
      staffId: string | null;
      source: 'upload' | 'search';
      label: string;
      now: Date;
    }) =>
      db
        .insertInto('invite_batches')
        .values({
          yard_id: v.yardId,
          created_by: v.staffId,
          source: v.source,
          label: v.label,
          status: 'preparing',
          row_count: 0,
          created_at: v.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow(),

    /** Every row is written: the batch becomes a preview with its row count, in one statement. */
    finishPreparing: (yardId: string, batchId: string, rowCount: number) =>
      db
        .updateTable('invite_batches')
        .set({ status: 'preview', row_count: rowCount })
        .where('yard_id', '=', yardId)
        .where('id', '=', batchId)
        .where('status', '=', 'preparing')
        .execute(),

    /** A batch that could not be prepared goes with its rows (ON DELETE CASCADE). */
    deletePreparing: (yardId: string, batchId: string) =>
      db
        .deleteFrom('invite_batches')
        .where('yard_id', '=', yardId)
        .where('id', '=', batchId)
        .where('status', '=', 'preparing')
        .execute(),

    /** What a web process that died while preparing left behind. */
    deleteStalePreparing: (yardId: string, before: Date) =>
      db
        .deleteFrom('invite_batches')
        .where('yard_id', '=', yardId)
        .where('status', '=', 'preparing')
        .where('created_at', '<', before)
        .execute(),

    insertRows: async (trx: Kysely<DB>, yardId: string, batchId: string, rows: NewBatchRow[]) => {
      if (rows.length) {
        await trx
          .insertInto('invite_batch_rows')
          .values(rows.map((r) => ({ ...r, batch_id: batchId, yard_id: yardId })))
          .execute();
      }
    },

    /** Customers of the yard with any of these ids, numbers, emails or phone digits. */
    candidates: async (
      trx: Kysely<DB>,
      yardId: string,
      keys: { ids: string[]; numbers: number[]; emails: string[]; phones: string[] },
    ): Promise<MatchCandidate[]> => {
      if (!keys.ids.length && !keys.numbers.length && !keys.emails.length && !keys.phones.length) return [];
      return (
        trx
          .selectFrom('customers')
          .select([
            'id',
            'customer_number',
            'first_name',
            'last_name',
            'email',
            'email_lower',
            'phone_digits',
            'archived_at',
          ])
          .where('yard_id', '=', yardId)
          // A customer merged into another is found through the one kept.
          .where('merged_into', 'is', null)
          .where((eb) =>
            eb.or([
              ...(keys.ids.length ? [eb('id', 'in', keys.ids)] : []),
              ...(keys.numbers.length ? [eb('customer_number', 'in', keys.numbers)] : []),
              ...(keys.emails.length ? [eb('email_lower', 'in', keys.emails)] : []),
              ...(keys.phones.length ? [eb('phone_digits', 'in', keys.phones)] : []),
            ]),
          )
          .execute()
      );
    },

    /**
     * What the invite rule needs (invites.repo.ts `facts`), for many customers in two
     * queries; `latest` is left out: the rule does not look at it.
     */
    inviteFacts: async (
      trx: Kysely<DB>,
      yardId: string,
      customerIds: string[],
    ): Promise<(customerId: string, email: string | null) => InviteFacts> => {
      const [accounts, invites] = customerIds.length
        ? await Promise.all([
            trx
              .selectFrom('portal_accounts')
              .select(['customer_id', 'activated_at', 'login_email'])
              .where('yard_id', '=', yardId)
              .where('customer_id', 'in', customerIds)
              .where('disabled_at', 'is', null)
              .execute(),
            trx
              .selectFrom('invites')
              .select([
                'customer_id',
                sql<boolean>`bool_or(status = 'queued')`.as('has_queued'),
                sql<Date | null>`max(sent_at)`.as('last_sent_at'),
              ])
              .where('yard_id', '=', yardId)
              .where('customer_id', 'in', customerIds)
              .groupBy('customer_id')
              .execute(),
          ])
        : [[], []];
      const accountOf = new Map(accounts.map((a) => [a.customer_id, a]));
      const invitesOf = new Map(invites.map((i) => [i.customer_id, i]));
      return (customerId, email) => {
        const account = accountOf.get(customerId);
        const i = invitesOf.get(customerId);
        return {
          email,
          account: account ? { activatedAt: account.activated_at, loginEmail: account.login_email } : null,
          hasQueued: i?.has_queued ?? false,
          lastSentAt: i?.last_sent_at ? new Date(i.last_sent_at) : null,
          latest: null,
        };
      };
    },

    find: (yardId: string, batchId: string, trx: Kysely<DB> = db) =>
      batchQuery(trx)
        .where('invite_batches.yard_id', '=', yardId)
        .where('invite_batches.id', '=', batchId)
        .executeTakeFirst(),

    list: (yardId: string, limit: number) =>
      batchQuery(db)
        .where('invite_batches.yard_id', '=', yardId)
        .where('invite_batches.status', 'not in', ['discarded', 'preparing'])
        .orderBy('invite_batches.created_at', 'desc')
        .orderBy('invite_batches.id', 'desc')
        .limit(limit)
        .execute(),

    lock: (trx: Kysely<DB>, yardId: string, batchId: string) =>
      trx
        .selectFrom('invite_batches')
        .select(['id', 'status'])
        .where('yard_id', '=', yardId)
        .where('id', '=', batchId)
        .forUpdate()
        .executeTakeFirst(),

    setStatus: (
      trx: Kysely<DB>,
      batchId: string,
      status: InviteBatchStatus,
      extra: { confirmed_at?: Date; confirmed_by?: string | null; finished_at?: Date } = {},
    ) =>
      trx
        .updateTable('invite_batches')
        .set({ status, ...extra })
        .where('id', '=', batchId)
        .execute(),

    /** Rows per preview outcome and per result. */
    counts: async (batchIds: string[]) => {
      if (!batchIds.length) return [];
      return db
        .selectFrom('invite_batch_rows')
        .select(['batch_id', 'preview', 'result', (eb) => eb.fn.countAll<string>().as('n')])
        .where('batch_id', 'in', batchIds)
        .groupBy(['batch_id', 'preview', 'result'])
        .execute();
    },

    countRows: async (trx: Kysely<DB>, batchId: string, preview: BatchPreview) =>
      Number(
        (
          await trx
            .selectFrom('invite_batch_rows')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('batch_id', '=', batchId)
            .where('preview', '=', preview)
            .executeTakeFirstOrThrow()
        ).n,
      ),

    /** A page of rows with their customer, in file order. */
    rows: (
      yardId: string,
      batchId: string,
      f: { preview?: BatchPreview; result?: BatchResult; afterRow?: number; offset?: number; limit: number },
    ) => {
      let q = db
        .selectFrom('invite_batch_rows as r')
        .leftJoin('customers as c', (j) => j.onRef('c.id', '=', 'r.customer_id').on('c.yard_id', '=', yardId))
        .selectAll('r')
        .select(['c.customer_number', 'c.first_name', 'c.last_name', 'c.email as customer_email'])
        .where('r.yard_id', '=', yardId)
        .where('r.batch_id', '=', batchId);
      if (f.preview) q = q.where('r.preview', '=', f.preview);
      if (f.result) q = q.where('r.result', '=', f.result);
      if (f.afterRow !== undefined) q = q.where('r.row_number', '>', f.afterRow);
      return q
        .orderBy('r.row_number')
        .offset(f.offset ?? 0)
        .limit(f.limit)
        .execute();
    },

    /** On confirmation every row that will not be invited is settled at once with its reason. */
    skipNotEligible: (trx: Kysely<DB>, batchId: string, now: Date) =>
      trx
        .updateTable('invite_batch_rows')
        .set((eb) => ({ result: 'skipped', result_reason: eb.ref('preview_reason'), finished_at: now }))
        .where('batch_id', '=', batchId)
        .where('preview', '!=', 'will_invite')
        .where('result', '=', 'pending')
        .execute(),
  };
}

export type InviteBatchesRepo = ReturnType<typeof inviteBatchesRepo>;
export type BatchRecord = NonNullable<Awaited<ReturnType<InviteBatchesRepo['find']>>>;
export type BatchRowRecord = Awaited<ReturnType<InviteBatchesRepo['rows']>>[number];
