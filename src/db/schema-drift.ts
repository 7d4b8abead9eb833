import { sql } from 'kysely';
import { type AnyColumn, SQL_CLASS } from './columns.js';
import type { Database } from './connection.js';

/** A column as the migrated database reports it. */
export interface ActualColumn {
  table: string;
  column: string;
  /** information_schema.columns.data_type, e.g. 'timestamp with time zone'. */
  dataType: string;
  nullable: boolean;
  hasDefault: boolean;
  generated: boolean;
  /** The words of a `CHECK (column IN (…))` on this column alone, else null. */
  values: string[] | null;
}

export type DeclaredTables = Record<string, Record<string, AnyColumn>>;

// Bookkeeping of src/db/migrate.ts, not part of the application's schema.
const NOT_DECLARED = new Set(['schema_migrations']);

/** Every column of the public schema's tables, with the word lists of their CHECKs. */
export async function readActualColumns(database: Database): Promise<ActualColumn[]> {
  const columns = await sql<{
    table_name: string;
    column_name: string;
    data_type: string;
    is_nullable: string;
    column_default: string | null;
    is_generated: string;
  }>`
    SELECT c.table_name, c.column_name, c.data_type, c.is_nullable, c.column_default, c.is_generated
    FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
    ORDER BY c.table_name, c.ordinal_position`.execute(database.db);
  const checks = await sql<{ table_name: string; column_name: string; def: string }>`
    SELECT r.relname AS table_name, a.attname AS column_name, pg_get_constraintdef(k.oid) AS def
    FROM pg_constraint k
    JOIN pg_class r ON r.oid = k.conrelid
    JOIN pg_namespace n ON n.oid = r.relnamespace
    JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
    WHERE k.contype = 'c' AND n.nspname = 'public' AND cardinality(k.conkey) = 1`.execute(database.db);
  const valuesOf = new Map<string, string[]>();
  for (const c of checks.rows) {
    // `column IN ('a', 'b')` comes back as `(column = ANY (ARRAY['a'::text, 'b'::text]))`.
    const list = /= ANY \(\(?ARRAY\[(.*)\]/.exec(c.def);
    if (!list) continue;
    const words = [...list[1].matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1].replace(/''/g, "'"));
    valuesOf.set(`${c.table_name}.${c.column_name}`, words);
  }
  return columns.rows.map((c) => ({
    table: c.table_name,
    column: c.column_name,
    dataType: c.data_type,
    nullable: c.is_nullable === 'YES',
    hasDefault: c.column_default !== null,
    generated: c.is_generated === 'ALWAYS',
    values: valuesOf.get(`${c.table_name}.${c.column_name}`) ?? null,
  }));
}

const quoteList = (words: readonly string[]) => words.map((w) => `'${w.replace(/'/g, "\\'")}'`).join(', ');

/** How to declare a column the database has, in src/db/schema.ts's words. */
export function suggestColumn(c: ActualColumn): string {
  const sqlClass = SQL_CLASS[c.dataType];
  let helper = sqlClass ? `${sqlClass}()` : `/* ${c.dataType}: add it to SQL_CLASS in src/db/columns.ts */`;
  if (sqlClass === 'text' && c.values) helper = `text([${quoteList(c.values)}])`;
  if (c.nullable) helper += '.orNull()';
  if (c.generated) helper += '.generatedAlways()';
  else if (c.hasDefault) helper += '.withDefault()';
  return `${c.column}: ${helper},`;
}

const sameWords = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/**
 * The differences between the declared tables and the database, one sentence each, saying
 * which table and column and what to change in src/db/schema.ts. Empty when they agree.
 */
export function schemaDrift(declared: DeclaredTables, actual: ActualColumn[]): string[] {
  const problems: string[] = [];
  const byTable = new Map<string, ActualColumn[]>();
  for (const c of actual) {
    if (NOT_DECLARED.has(c.table)) continue;
    byTable.set(c.table, [...(byTable.get(c.table) ?? []), c]);
  }

  for (const [table, columns] of byTable) {
    const declaredColumns = declared[table];
    if (!declaredColumns) {
      const body = columns.map((c) => `    ${suggestColumn(c)}`).join('\n');
      problems.push(
        `Table ${table} is in the migrated database but not in src/db/schema.ts. Add to TABLES:\n  ${table}: {\n${body}\n  },`,
      );
      continue;
    }
    for (const c of columns) {
      const d = declaredColumns[c.column];
      const name = `${table}.${c.column}`;
      if (!d) {
        problems.push(
          `Column ${name} is in the migrated database but not in src/db/schema.ts. Add to TABLES.${table}: ${suggestColumn(c)}`,
        );
        continue;
      }
      const sqlClass = SQL_CLASS[c.dataType];
      if (!sqlClass) {
        problems.push(
          `Column ${name} has SQL type '${c.dataType}', which src/db/columns.ts does not know: add it to SQL_CLASS (and a helper if it is a new class).`,
        );
      } else if (sqlClass !== d.sql) {
        problems.push(
          `Column ${name} is ${c.dataType} in the database but src/db/schema.ts declares ${d.sql}(): declare it as ${suggestColumn(c)}`,
        );
      }
      if (c.generated !== d.generated) {
        problems.push(
          c.generated
            ? `Column ${name} is GENERATED ALWAYS in the database: add .generatedAlways() in src/db/schema.ts.`
            : `Column ${name} is declared .generatedAlways() in src/db/schema.ts but the database lets it be written: remove .generatedAlways().`,
        );
      }
      // A generated column's nullability follows its expression, which information_schema
      // does not reflect (it reports every one as nullable), so it is declared by hand.
      if (!c.generated && c.nullable !== d.nullable) {
        problems.push(
          c.nullable
            ? `Column ${name} allows NULL in the database: add .orNull() in src/db/schema.ts (or NOT NULL in a migration).`
            : `Column ${name} is NOT NULL in the database: remove .orNull() in src/db/schema.ts.`,
        );
      }
      if (d.hasDefault && !c.hasDefault && !c.nullable) {
        problems.push(
          `Column ${name} is declared .withDefault() but has no DEFAULT in the database, so an insert that leaves it out fails: remove .withDefault() or add the DEFAULT in a migration.`,
        );
      }
      if (c.values && !d.values) {
        problems.push(
          `Column ${name} has CHECK (${c.column} IN (${quoteList(c.values)})) in the database: declare text([${quoteList(c.values)}]) in src/db/schema.ts.`,
        );
      } else if (d.values && !c.values) {
        problems.push(
          `Column ${name} is declared with the words ${quoteList(d.values)} but the database has no CHECK (${c.column} IN (…)) for them: add the CHECK in a migration or declare plain text().`,
        );
      } else if (c.values && d.values && !sameWords(c.values, d.values)) {
        const missing = c.values.filter((w) => !d.values?.includes(w));
        const extra = d.values.filter((w) => !c.values?.includes(w));
        problems.push(
          `Column ${name}: the database's CHECK allows ${quoteList(c.values)}, src/db/schema.ts declares ${quoteList(d.values)}.` +
            (missing.length
              ? ` Add ${quoteList(missing)} to the declared words (for a shared zod enum, in src/shared/api-schemas).`
              : '') +
            (extra.length
              ? ` The database refuses ${quoteList(extra)}: remove them or widen the CHECK in a migration.`
              : ''),
        );
      }
    }
    for (const column of Object.keys(declaredColumns)) {
      if (!columns.some((c) => c.column === column)) {
        problems.push(
          `Column ${table}.${column} is declared in src/db/schema.ts but the migrated database has no such column: remove it, or add it in a migration.`,
        );
      }
    }
  }
  for (const table of Object.keys(declared)) {
    if (!byTable.has(table)) {
      problems.push(
        `Table ${table} is declared in src/db/schema.ts but no migration creates it: remove it, or add the migration.`,
      );
    }
  }
  return problems;
}
