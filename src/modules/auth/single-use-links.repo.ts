import {
  type Expression,
  type Insertable,
  type Kysely,
  type Selectable,
  type SqlBool,
  sql,
  type Updateable,
} from 'kysely';
import type { DB } from '../../db/schema.js';

/** The tables that hold single-use links: invites, password resets, email changes, staff links, shared access. */
export type LinkTable =
  | 'invites'
  | 'password_resets'
  | 'email_change_requests'
  | 'staff_invites'
  | 'access_invites';

/** Who a link belongs to; one live link per subject. */
type SubjectColumn<T extends LinkTable> = Extract<
  'customer_id' | 'account_id' | 'staff_id' | 'grant_id',
  keyof DB[T]
>;

/** What every link table has, and what the store reads and writes itself. */
type BaseColumn = 'id' | 'yard_id' | 'expires_at' | 'consumed_at';

/**
 * What makes one kind of link different from another. The conditions are built with
 * `expressionBuilder<DB, T>()`, so they are checked against the kind's own table.
 */
export interface LinkKind<
  T extends LinkTable,
  S extends SubjectColumn<T>,
  C extends Exclude<keyof Selectable<DB[T]>, BaseColumn | S> & string,
> {
  table: T;
  subject: S;
  /** The kind's own columns, read with the link (to answer with its state, or to act on it). */
  columns: readonly C[];
  /** Besides `consumed_at IS NULL` and `expires_at > now`: the link can still be used. */
  live: Expression<SqlBool>;
  /** Not used yet and not ended, live or still waiting to be sent: what revoking ends. */
  open: Expression<SqlBool>;
  /** A token may be (re)issued to the link: a retried send replaces the older one. */
  issuable: (now: Date) => Expression<SqlBool>;
  /** Invites count their delivery attempts (`invites.attempts`) as each token is issued. */
  countsAttempts?: boolean;
  /** What the link looks like once used, replaced by a newer one, or revoked. */
  consumed: (now: Date) => Updateable<DB[T]>;
  superseded: (now: Date) => Updateable<DB[T]>;
  revoked: (now: Date) => Updateable<DB[T]>;
}

export function linkKind<
  T extends LinkTable,
  S extends SubjectColumn<T>,
  C extends Exclude<keyof Selectable<DB[T]>, BaseColumn | S> & string,
>(kind: LinkKind<T, S, C>) {
  return kind;
}

/**
 * One store for every single-use link (docs/decisions.md, "One single-use link store"):
 * 32 random bytes in the link, its SHA-256 here; found by hash, always yard-scoped; used
 * once by one conditional update; older live links of the same subject superseded inside
 * the transaction that creates the new one. Reading a link never changes it.
 *
 * Written once over the four tables: the statements only name the columns all of them
 * share (and the kind's subject column), and everything else comes from the kind.
 */
export function singleUseLinks<
  T extends LinkTable,
  S extends SubjectColumn<T>,
  C extends Exclude<keyof Selectable<DB[T]>, BaseColumn | S> & string,
>(db: Kysely<DB>, kind: LinkKind<T, S, C>) {
  type Row = Pick<Selectable<DB[T]>, Extract<BaseColumn | S | C, keyof Selectable<DB[T]>>>;
  const table: LinkTable = kind.table;
  const { ref } = db.dynamic;
  const subject = ref<SubjectColumn<LinkTable>>(kind.subject);
  const columns = [
    'id',
    'yard_id',
    'expires_at',
    'consumed_at',
    ref<string>(kind.subject),
    ...kind.columns.map((c) => ref<string>(c)),
  ] as const;
  // The statements run on the union of the link tables, so Kysely types their rows as that
  // union; the kind fixes which table it is, and so which row.
  const asRow = (r: unknown) => r as Row;

  return {
    /** A new link (its token comes later, when its email is sent). */
    create: (trx: Kysely<DB>, values: Insertable<DB[T]>) =>
      trx.insertInto(kind.table).values(values).returning('id').executeTakeFirstOrThrow(),

    /**
     * Issues the tokens of this send attempt in one statement; only links the kind says
     * may get one do. Answers the ids that got theirs.
     */
    issueTokens: async (tokens: { id: string; yardId: string; hash: string }[], now: Date) => {
      if (!tokens.length) return new Set<string>();
      const values = sql.join(tokens.map((t) => sql`(${t.id}::uuid, ${t.yardId}::uuid, ${t.hash}::text)`));
      const attempts = kind.countsAttempts ? sql`, attempts = attempts + 1` : sql``;
      const { rows } = await sql<{ id: string }>`
        UPDATE ${sql.table(table)} AS l SET token_hash = v.hash ${attempts}
        FROM (VALUES ${values}) AS v(link_id, link_yard_id, hash)
        WHERE l.id = v.link_id AND l.yard_id = v.link_yard_id AND ${kind.issuable(now)}
        RETURNING l.id`.execute(db);
      return new Set(rows.map((r) => r.id));
    },

    /** The link with this token's hash, whatever its state (the caller says which state). */
    findByTokenHash: async (yardId: string, tokenHash: string, trx: Kysely<DB> = db) => {
      const row = await trx
        .selectFrom(table)
        .select(columns)
        .where('yard_id', '=', yardId)
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row && asRow(row);
    },

    /**
     * The single use: one conditional update, so of any number of concurrent attempts
     * exactly one gets the row back.
     */
    consume: async (trx: Kysely<DB>, yardId: string, id: string, now: Date) => {
      const row = await trx
        .updateTable(table)
        .set(kind.consumed(now))
        .where('yard_id', '=', yardId)
        .where('id', '=', id)
        .where('consumed_at', 'is', null)
        .where(kind.live)
        .where('expires_at', '>', now)
        .returning(columns)
        .executeTakeFirst();
      return row && asRow(row);
    },

    /** One live link per subject: a newer one, or a change that ends them, supersedes the older. */
    supersede: (trx: Kysely<DB>, yardId: string, subjectId: string, now: Date) =>
      trx
        .updateTable(table)
        .set(kind.superseded(now))
        .where('yard_id', '=', yardId)
        .where(subject, '=', subjectId)
        .where('consumed_at', 'is', null)
        .where(kind.live)
        .execute(),

    /** Every link of the subject not used yet, sent or still to be sent, stops working. */
    revoke: (trx: Kysely<DB>, yardId: string, subjectId: string, now: Date) =>
      trx
        .updateTable(table)
        .set(kind.revoked(now))
        .where('yard_id', '=', yardId)
        .where(subject, '=', subjectId)
        .where('consumed_at', 'is', null)
        .where(kind.open)
        .execute(),
  };
}
