import { describe, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/support/databases.js';
import { integer, text, timestamptz, uuid } from './columns.js';
import { TABLES } from './schema.js';
import { type ActualColumn, readActualColumns, schemaDrift } from './schema-drift.js';

describeEachEngine('src/db/schema.ts and the migrations', (db) => {
  it('declare the same tables and columns, types, nullability, defaults and CHECK word lists', async () => {
    const problems = schemaDrift(TABLES, await readActualColumns(db()));
    expect(problems, `\n${problems.join('\n\n')}\n`).toEqual([]);
  });
});

const col = (
  c: Partial<ActualColumn> & Pick<ActualColumn, 'table' | 'column' | 'dataType'>,
): ActualColumn => ({
  nullable: false,
  hasDefault: false,
  generated: false,
  values: null,
  ...c,
});

describe('drift messages', () => {
  it('spell out a new table for src/db/schema.ts', () => {
    const problems = schemaDrift({}, [
      col({ table: 'yard_counters', column: 'yard_id', dataType: 'uuid' }),
      col({ table: 'yard_counters', column: 'kind', dataType: 'text', values: ['order', 'estimate'] }),
      col({ table: 'yard_counters', column: 'last_value', dataType: 'integer' }),
    ]);
    expect(problems).toEqual([
      [
        'Table yard_counters is in the migrated database but not in src/db/schema.ts. Add to TABLES:',
        '  yard_counters: {',
        '    yard_id: uuid(),',
        "    kind: text(['order', 'estimate']),",
        '    last_value: integer(),',
        '  },',
      ].join('\n'),
    ]);
  });

  it('name the table and column of a new, missing or changed column', () => {
    const declared = {
      sessions: { id_hash: text(), expires_at: timestamptz(), gone: integer() },
    };
    const problems = schemaDrift(declared, [
      col({ table: 'sessions', column: 'id_hash', dataType: 'text' }),
      col({ table: 'sessions', column: 'expires_at', dataType: 'timestamp with time zone', nullable: true }),
      col({
        table: 'sessions',
        column: 'last_seen_at',
        dataType: 'timestamp with time zone',
        nullable: true,
      }),
    ]);
    expect(problems).toEqual([
      'Column sessions.expires_at allows NULL in the database: add .orNull() in src/db/schema.ts (or NOT NULL in a migration).',
      'Column sessions.last_seen_at is in the migrated database but not in src/db/schema.ts. Add to TABLES.sessions: last_seen_at: timestamptz().orNull(),',
      'Column sessions.gone is declared in src/db/schema.ts but the migrated database has no such column: remove it, or add it in a migration.',
    ]);
  });

  it('say which words a CHECK gained', () => {
    const declared = { invite_batches: { id: uuid().withDefault(), status: text(['preview', 'running']) } };
    const problems = schemaDrift(declared, [
      col({ table: 'invite_batches', column: 'id', dataType: 'uuid', hasDefault: true }),
      col({
        table: 'invite_batches',
        column: 'status',
        dataType: 'text',
        values: ['preparing', 'preview', 'running'],
      }),
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('invite_batches.status');
    expect(problems[0]).toContain("Add 'preparing' to the declared words");
  });

  it('catch a type, a default and a generated column out of step', () => {
    const declared = {
      customers: { customer_number: text(), notes: text().withDefault(), sort_name: text() },
    };
    const problems = schemaDrift(declared, [
      col({ table: 'customers', column: 'customer_number', dataType: 'integer' }),
      col({ table: 'customers', column: 'notes', dataType: 'text' }),
      col({ table: 'customers', column: 'sort_name', dataType: 'text', nullable: true, generated: true }),
    ]);
    expect(problems).toEqual([
      'Column customers.customer_number is integer in the database but src/db/schema.ts declares text(): declare it as customer_number: integer(),',
      'Column customers.notes is declared .withDefault() but has no DEFAULT in the database, so an insert that leaves it out fails: remove .withDefault() or add the DEFAULT in a migration.',
      'Column customers.sort_name is GENERATED ALWAYS in the database: add .generatedAlways() in src/db/schema.ts.',
    ]);
  });
});
