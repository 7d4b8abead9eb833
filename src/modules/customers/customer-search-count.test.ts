import { type KyselyPlugin, type RootOperationNode, sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { addCustomers, makeYard, type NewCustomer } from '../../../test/support/search-fixtures.js';
import { countCustomers, explainCount, explainSearch, searchCustomers } from './customer-search.repo.js';
import { notInvitedCarriers } from './customer-search-carriers.repo.js';
import { filterSql } from './customer-search-filters.repo.js';

/**
 * The total beside a first page (docs/search.md, "Total"): what it reads to count to 1,000.
 */
describeEachEngine('customer search count', (get, engine) => {
  it('counts a common term of "not invited" customers in table order, as without the filter', async () => {
    if (engine !== 'postgres') return; // PGlite never scans (see estimatePays)
    const { db } = get();
    const yardId = await makeYard(db);
    // 30,000 customers with an email, 4,500 of them "Wexcombe" (15 %, spread through the
    // yard): few enough that a count of 1,001 of them in table order is the cheaper plan only
    // if the estimate knows that nearly all are "not invited" (misjudged as one half, it
    // chose the trigram index).
    const wexcombe = (i: number) => (i * 7919) % 100 < 15;
    const people: NewCustomer[] = [];
    for (let i = 0; i < 30_000; i++) {
      people.push({
        first: `Crew${i}`,
        last: wexcombe(i) ? `Wexcombe${i}` : `Dock${i}`,
        email: `c${i}@w.test`,
      });
    }
    const ids: string[] = [];
    for (let from = 0; from < people.length; from += 5000) {
      ids.push(...(await addCustomers(db, yardId, people.slice(from, from + 5000), from)));
    }
    // Two "Wexcombe12…", one in the portal and one invited: left out of "not invited".
    const [inPortal, invited] = people
      .map((_, i) => i)
      .filter((i) => wexcombe(i) && String(i).startsWith('12'));
    await db
      .insertInto('portal_accounts')
      .values({
        yard_id: yardId,
        customer_id: ids[inPortal],
        login_email: 'w@portal.test',
        password_hash: 'x',
        activated_at: new Date(),
      })
      .execute();
    await db
      .insertInto('invites')
      .values({
        yard_id: yardId,
        customer_id: ids[invited],
        email: 'w@w.test',
        status: 'queued',
        created_at: new Date(),
      })
      .execute();
    await sql`ANALYZE customers`.execute(db);

    const notInvited = { q: 'excomb', filters: { portal: 'not_invited' as const } };
    const plan = await explainCount(db, yardId, notInvited);
    expect(plan).toContain('Seq Scan on customers');
    expect(plan).not.toContain('customers_search_trgm');
    expect(await countCustomers(db, yardId, notInvited)).toEqual({ count: 1000, more: true });
    // Fewer than 1,000 "Wexcombe12…", two of them in the portal or invited: counted exactly.
    const all = await countCustomers(db, yardId, { q: 'excombe12' });
    expect(all.more).toBe(false);
    const filtered = await countCustomers(db, yardId, { q: 'excombe12', filters: notInvited.filters });
    expect(filtered).toEqual({ count: all.count - 2, more: false });
  });

  it('counts a one- or two-letter term branch by branch, stopping at 1,001', async () => {
    const { db } = get();
    const yardId = await makeYard(db);
    // 1,100 last names, then 40 customers whose first name, last name and email all start
    // with "qz": each counted once.
    const people: NewCustomer[] = [];
    for (let i = 0; i < 1100; i++) people.push({ first: `Crew${i}`, last: `Qzar${i}`, email: null });
    await addCustomers(db, yardId, people);
    const other = await makeYard(db);
    const both: NewCustomer[] = [];
    for (let i = 0; i < 40; i++) both.push({ first: `Qzin${i}`, last: `Qzar${i}`, email: `qz${i}@q.test` });
    await addCustomers(db, other, both);

    expect(await countCustomers(db, other, { q: 'qz' })).toEqual({ count: 40, more: false });
    expect(await countCustomers(db, yardId, { q: 'qz' })).toEqual({ count: 1000, more: true });
    // The last names alone reach 1,001: the first names, emails and phones are never read.
    const plan = await explainCount(db, yardId, { q: 'qz' });
    expect(plan.match(/never executed/g)?.length ?? 0).toBeGreaterThanOrEqual(3);
  });

  it('counts a short term with a filter branch by branch too, stopping at 1,001', async () => {
    const { db } = get();
    const yardId = await makeYard(db);
    const people: NewCustomer[] = [];
    for (let i = 0; i < 1100; i++) people.push({ first: `Qzin${i}`, last: `Qzar${i}`, email: null });
    await addCustomers(db, yardId, people);
    const noEmail = { q: 'qz', filters: { portal: 'no_email' as const } };

    expect(await countCustomers(db, yardId, noEmail)).toEqual({ count: 1000, more: true });
    // The last names alone reach 1,001: the first names (either way) and the phones are never read.
    const plan = await explainCount(db, yardId, noEmail);
    expect(plan.match(/never executed/g)?.length ?? 0).toBeGreaterThanOrEqual(3);
    // Fewer: each customer once, though both names start with the term.
    const few = await makeYard(db);
    await addCustomers(db, few, people.slice(0, 40));
    expect(await countCustomers(db, few, noEmail)).toEqual({ count: 40, more: false });
  });

  it('reads a first name few customers carry through its prefix index, not the whole filter', async () => {
    const { db } = get();
    const yardId = await makeYard(db);
    const people: NewCustomer[] = [];
    for (let i = 0; i < 3000; i++) people.push({ first: 'Ava', last: `Dock${i}`, email: null });
    for (let i = 0; i < 30; i++) people.push({ first: 'Hnatko', last: `Zed${i}`, email: null });
    await addCustomers(db, yardId, people);
    await sql`ANALYZE customers`.execute(db);
    const params = { q: 'hn', filters: { portal: 'no_email' as const } };

    const page = await searchCustomers(db, yardId, params);
    expect(page.rows).toHaveLength(25);
    expect(page.rows.every((r) => r.first_name === 'Hnatko')).toBe(true);
    expect(await countCustomers(db, yardId, params)).toEqual({ count: 30, more: false });
    // The 3,000 "Ava" are not read to find them, neither for the page nor for the count.
    const removed = (plan: string) =>
      Math.max(0, ...[...plan.matchAll(/Rows Removed by Filter: (\d+)/g)].map((m) => Number(m[1])));
    expect(removed(await explainSearch(db, yardId, params))).toBeLessThan(100);
    expect(removed(await explainCount(db, yardId, params))).toBeLessThan(100);
  });

  it('knows from the names table that a name more than 1,000 customers carry is counted beyond 1,000', async () => {
    const { db } = get();
    const yardId = await makeYard(db);
    const people: NewCustomer[] = [];
    for (let i = 0; i < 1100; i++) people.push({ first: 'Quorran', last: `Dock${i}`, email: null });
    await addCustomers(db, yardId, people);

    expect(await countCustomers(db, yardId, { q: 'quorr' })).toEqual({ count: 1000, more: true });
    const plan = await explainCount(db, yardId, { q: 'quorr' });
    expect(plan).toBe('known: 1100');
    // A filter counts the customers it keeps (nobody here has an email to invite).
    expect(await countCustomers(db, yardId, { q: 'quorr', filters: { portal: 'not_invited' } })).toEqual({
      count: 0,
      more: false,
    });
    // Fewer than 1,001 carry it: counted as before.
    expect(await countCustomers(db, yardId, { q: 'dock1' })).toEqual({ count: 211, more: false });
  });

  it('knows a term inside a name more than 1,000 customers carry is counted beyond 1,000', async () => {
    const { db } = get();
    const yardId = await makeYard(db);
    const people: NewCustomer[] = [];
    for (let i = 0; i < 600; i++) people.push({ first: 'Quorran', last: `Dock${i}`, email: null });
    for (let i = 0; i < 600; i++) people.push({ first: 'Vorrab', last: `Pier${i}`, email: null });
    await addCustomers(db, yardId, people);

    // "orra" starts no name, but is inside two first names carried by 1,200 customers.
    expect(await countCustomers(db, yardId, { q: 'orra' })).toEqual({ count: 1000, more: true });
    expect(await explainCount(db, yardId, { q: 'orra' })).toBe('known: 1200');
    // Inside the names of 600 only: counted from the trigrams, exact.
    expect(await countCustomers(db, yardId, { q: 'orran' })).toEqual({ count: 600, more: false });
    // A filter still counts the customers it keeps (nobody here has an email to invite).
    expect(await countCustomers(db, yardId, { q: 'orra', filters: { portal: 'not_invited' } })).toEqual({
      count: 0,
      more: false,
    });
  });

  it('counts "not invited" customers of such a name through its index, not the trigram index', async () => {
    const { db } = get();
    const yardId = await makeYard(db);
    const people: NewCustomer[] = [];
    for (let i = 0; i < 1100; i++) people.push({ first: 'Quillon', last: `Dock${i}`, email: `q${i}@q.test` });
    const ids = await addCustomers(db, yardId, people);
    await db
      .insertInto('invites')
      .values({
        yard_id: yardId,
        customer_id: ids[0],
        email: 'q0@q.test',
        status: 'queued',
        created_at: new Date(),
      })
      .execute();
    const notInvited = { q: 'quill', filters: { portal: 'not_invited' as const } };

    expect(await countCustomers(db, yardId, notInvited)).toEqual({ count: 1000, more: true });
    const plan = await explainCount(db, yardId, notInvited);
    expect(plan).toContain('customer_names');
    expect(plan).not.toContain('search_key');
    // 1,000 of them not invited: the name's 1,100 carriers leave the count to the trigrams, exact.
    await db.updateTable('customers').set({ email: null }).where('id', 'in', ids.slice(1, 100)).execute();
    expect(await countCustomers(db, yardId, notInvited)).toEqual({ count: 1000, more: false });
  });

  it('counts "not invited" carriers of names the term is inside from their own indexes, each once', async () => {
    const { db } = get();
    const yardId = await makeYard(db);
    const people: NewCustomer[] = [];
    // "quill" starts no name. Inside a first name: 700 Aquillon; inside a last name: 250 of
    // those Aquillon Marquillo, and 300 Crew Marquillo; 400 Squillan and 450 "Squillan Ross"
    // (a last name with a space: not carriers of "Squillan"), 200 of whom are Aquilla.
    for (let i = 0; i < 700; i++)
      people.push({ first: 'Aquillon', last: i < 250 ? 'Marquillo' : `Dock${i}`, email: `a${i}@q.test` });
    for (let i = 0; i < 300; i++)
      people.push({ first: `Crew${i}`, last: 'Marquillo', email: `m${i}@q.test` });
    for (let i = 0; i < 400; i++) people.push({ first: `Hand${i}`, last: 'Squillan', email: `s${i}@q.test` });
    for (let i = 0; i < 450; i++)
      people.push({ first: i < 200 ? 'Aquilla' : `Mate${i}`, last: 'Squillan Ross', email: `r${i}@q.test` });
    const ids = await addCustomers(db, yardId, people);
    const notInvited = (q: string, now?: Date) => ({ q, now, filters: { portal: 'not_invited' as const } });

    // 1,850 customers, none invited: more than 1,000, counted from the names' carriers alone.
    expect(await countCustomers(db, yardId, notInvited('quill'))).toEqual({ count: 1000, more: true });
    const plan = await explainCount(db, yardId, notInvited('quill'));
    expect(plan).toContain('customer_names');
    expect(plan).not.toContain('search_key');

    // 700 Aquillon and 300 Crew Marquillo, each once (the 250 Aquillon Marquillo counted
    // again would make 1,250): exactly 1,000.
    expect(await countCustomers(db, yardId, notInvited('uillo'))).toEqual({ count: 1000, more: false });
    // 200 Aquilla Squillan Ross, 400 Squillan and 250 more Squillan Ross: 850 (the Rosses read
    // as carriers of "Squillan" too would make 1,100).
    expect(await countCustomers(db, yardId, notInvited('quilla'))).toEqual({ count: 850, more: false });

    // The filter holds on the index entries: in the portal, invited while the link works, no
    // email or archived are left out; an invite whose link has stopped working is not.
    const aquillon = ids.slice(0, 700);
    await db
      .insertInto('portal_accounts')
      .values(
        aquillon.slice(0, 100).map((id, i) => ({
          yard_id: yardId,
          customer_id: id,
          login_email: `p${i}@portal.test`,
          password_hash: 'x',
          activated_at: new Date(),
        })),
      )
      .execute();
    const expires = new Date(Date.now() + 86_400_000);
    await db
      .insertInto('invites')
      .values(
        aquillon.slice(100, 200).map((id, i) => ({
          yard_id: yardId,
          customer_id: id,
          email: `a${100 + i}@q.test`,
          status: 'sent' as const,
          created_at: new Date(),
          sent_at: new Date(),
          expires_at: expires,
        })),
      )
      .execute();
    await db
      .updateTable('customers')
      .set({ email: null })
      .where('id', 'in', aquillon.slice(200, 300))
      .execute();
    await db
      .updateTable('customers')
      .set({ archived_at: new Date() })
      .where('id', 'in', aquillon.slice(300, 400))
      .execute();
    // Counted past the cap: 300 Aquillon (400–699, Dock), no Aquillon Marquillo, 300 Crew
    // Marquillo, 400 Squillan, 450 Squillan Ross.
    const carriers = async (now: Date) => {
      const filters = filterSql({ portal: 'not_invited' }, now);
      const { rows } = await notInvitedCarriers(yardId, sql`${'%quill%'}`, filters, 5000).execute(db);
      return rows[0].n;
    };
    expect(await carriers(new Date())).toBe(1450);
    expect(await carriers(new Date(expires.getTime() + 1000))).toBe(1550);
    expect(await countCustomers(db, yardId, notInvited('uillo'))).toEqual({ count: 600, more: false });
  });

  it('plans the estimate once for a first page and its count', async () => {
    if (engine !== 'postgres') return; // PGlite never estimates
    const { db } = get();
    const yardId = await makeYard(db);
    const people: NewCustomer[] = [];
    for (let i = 0; i < 300; i++) people.push({ first: `Crew${i}`, last: `Yexbury${i}`, email: null });
    await addCustomers(db, yardId, people);
    let estimates = 0;
    const counting = db.withPlugin(countingEstimates(() => estimates++));
    const params = { q: 'exbur' };
    const [page, total] = await Promise.all([
      searchCustomers(counting, yardId, params),
      countCustomers(counting, yardId, params),
    ]);
    expect(page.rows).toHaveLength(25);
    expect(total).toEqual({ count: 300, more: false });
    expect(estimates).toBe(1);
  });
});

/** Calls `seen` for each EXPLAIN the search runs to weigh its plans. */
function countingEstimates(seen: () => void): KyselyPlugin {
  return {
    transformQuery: ({ node }: { node: RootOperationNode }) => {
      if (node.kind === 'RawNode' && node.sqlFragments.some((f) => f.includes('EXPLAIN (FORMAT JSON)')))
        seen();
      return node;
    },
    transformResult: async ({ result }) => result,
  };
}
