import { sql } from 'kysely';
import { openPostgres } from '../src/db/connection.js';
import { explainSearch, searchCustomers } from '../src/modules/customers/customer-search.js';
const database = await openPostgres('postgres://postgres@127.0.0.1:5432/slipway_bench', 2);
const { db } = database;
const yard = (await sql<{ id: string }>`select id from yards where slug='bench-big'`.execute(db)).rows[0].id;
const terms = process.argv.slice(2);
for (const q of terms) {
  const times: number[] = [];
  let capped = false; let n = 0;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const r = await searchCustomers(db, yard, { q });
    times.push(performance.now() - t); capped = r.capped; n = r.rows.length;
  }
  console.log(JSON.stringify(q), times.map((t) => t.toFixed(1)).join(' '), 'rows', n, capped ? 'capped' : '');
  if (process.env.EXPLAIN) console.log(await explainSearch(db, yard, { q }));
}
await database.close();
