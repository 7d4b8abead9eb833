import type { ColumnType, Generated, GeneratedAlways, SelectType } from 'kysely';

/**
 * A column as src/db/schema.ts declares it: what the drift check compares with the migrated
 * database (src/db/schema-drift.test.ts), and, as `T`, the field type Kysely sees.
 */
export interface Column<T> {
  /** The class of SQL type (information_schema.columns.data_type, see `SQL_CLASS`). */
  readonly sql: SqlClass;
  readonly nullable: boolean;
  /** The database fills it in when an insert leaves it out (DEFAULT). */
  readonly hasDefault: boolean;
  /** Computed by the database (GENERATED ALWAYS … STORED): read, never written. */
  readonly generated: boolean;
  /** The words a `CHECK (column IN (…))` allows, when the column holds one of a few. */
  readonly values: readonly string[] | null;
  /** Type-level only: never set at runtime. */
  readonly kysely?: T;
  orNull(): Column<T | null>;
  withDefault(): Column<WithDefault<T>>;
  generatedAlways(): Column<GeneratedAlways<SelectType<T>>>;
}

type WithDefault<T> = [T] extends [ColumnType<infer S, infer I, infer U>]
  ? ColumnType<S, I | undefined, U>
  : Generated<T>;

// biome-ignore lint/suspicious/noExplicitAny: any column, whatever its field type.
export type AnyColumn = Column<any>;

/** Kysely's table interface for a map of columns. */
export type TableType<C extends Record<string, AnyColumn>> = {
  -readonly [K in keyof C]: C[K] extends Column<infer T> ? T : never;
};

export type SqlClass =
  | 'uuid'
  | 'text'
  | 'integer'
  | 'numeric'
  | 'boolean'
  | 'timestamptz'
  | 'date'
  | 'jsonb'
  | 'bytea';

/** information_schema's data_type names, by the class declared for them. */
export const SQL_CLASS: Record<string, SqlClass> = {
  uuid: 'uuid',
  text: 'text',
  'character varying': 'text',
  smallint: 'integer',
  integer: 'integer',
  // int8 is parsed to a JS number in src/db/connection.ts.
  bigint: 'integer',
  numeric: 'numeric',
  boolean: 'boolean',
  'timestamp with time zone': 'timestamptz',
  date: 'date',
  jsonb: 'jsonb',
  bytea: 'bytea',
};

type Spec = Pick<AnyColumn, 'sql' | 'nullable' | 'hasDefault' | 'generated' | 'values'>;

function column<T>(spec: Spec): Column<T> {
  return {
    ...spec,
    orNull: () => column({ ...spec, nullable: true }),
    withDefault: () => column({ ...spec, hasDefault: true }),
    generatedAlways: () => column({ ...spec, generated: true }),
  };
}

const plain = (sql: SqlClass, values: readonly string[] | null = null): Spec => ({
  sql,
  nullable: false,
  hasDefault: false,
  generated: false,
  values,
});

export const uuid = () => column<string>(plain('uuid'));
/**
 * Text. With `values`, one of those words, which the drift check holds to the column's
 * `CHECK (… IN (…))`; `text<Words>()` narrows the type alone, for a column without one.
 */
export const text = <const T extends string = string>(values?: readonly T[]) =>
  column<T>(plain('text', values ?? null));
export const integer = () => column<number>(plain('integer'));
/** numeric arrives as a string from both drivers; money is integer cents instead. */
export const numeric = () => column<ColumnType<string, string | number, string | number>>(plain('numeric'));
export const boolean = () => column<boolean>(plain('boolean'));
export const timestamptz = () => column<ColumnType<Date, Date | string, Date | string>>(plain('timestamptz'));
/** A calendar date, kept as its 'YYYY-MM-DD' text (src/db/connection.ts). */
export const date = () => column<string>(plain('date'));
export const jsonb = <S, I = S, U = I>() => column<ColumnType<S, I, U>>(plain('jsonb'));
export const bytea = () => column<Buffer>(plain('bytea'));
