// Longer than most files on purpose: one table of search cases per plan of customer-search.repo.ts.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeOrderHistory } from '../../../test/support/factories.js';
import {
  addCustomers,
  allPages,
  makeYard,
  type NewCustomer,
  names,
} from '../../../test/support/search-fixtures.js';
import { AppError } from '../../server/errors.js';
import {
  CANDIDATE_CAP,
  COUNT_CAP,
  type CustomerSearchParams,
  countCustomers,
  escapeLike,
  explainSearch,
  hasTrigram,
  planSearch,
  SCAN_READ,
  searchCustomers,
  searchKey,
} from './customer-search.repo.js';
import { phoneSearchDigits } from './phone.js';

const PEOPLE: NewCustomer[] = [
  { first: 'Ava', last: 'Thompson', email: 'ava.thompson@harbormail.com', phone: '(305) 555-0142' },
  {
    first: 'Liam',
    last: 'Johnson',
    company: 'Johnson Marine Services',
    email: 'liam@jms.io',
    phone: '305-555-0199',
  },
  { first: 'Olivia', last: 'Anderson', email: 'olivia.a@bayside.net', phone: '+1 786 555 0100' },
  { first: 'Noah', last: 'Tate', email: 'captain.noah@sailing.org', phone: '954.555.0123' },
  { first: 'Emma', last: 'Baxter', company: 'Blue Water Charters', email: 'emma@bluewater.com', phone: null },
  { first: 'Theo', last: 'Baker', email: null, phone: '3215550177' },
  { first: 'Mia', last: 'Ortiz', email: 'mia_ortiz@x.com', phone: '(813) 305-2211' },
];

describeEachEngine('customer search', (get, engine) => {
  it('lists the yard by last name, then first name, a page at a time, with no gaps or repeats', async () => {
    const { db } = get();
    const yardId = await makeYard(db);
    await addCustomers(db, yardId, [
      ...PEOPLE,
      { first: 'Adam', last: 'Baker' },
      { first: 'Zoe', last: 'Baker' },
      { first: 'Ann', last: 'baker' },
    ]);
    const first = await searchCustomers(db, yardId, {});
    expect(first.capped).toBe(false);
    expect(first.nextCursor).toBeNull();
    expect(names(first.rows)).toEqual([
      'Olivia Anderson',
      'Adam Baker',
      'Ann baker',
      'Theo Baker',
      'Zoe Baker',
      'Emma Baxter',
      'Liam Johnson',
      'Mia Ortiz',
      'Noah Tate',
      'Ava Thompson',
    ]);
    const paged = await allPages(db, yardId, '', 3);
    expect(paged.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
  });

  it('finds names by any part, in any letter case, and "first last"', async () => {
    const { db } = get();
    const yardId = await makeYard(db);
    await addCustomers(db, yardId, PEOPLE);
    const search = async (q: string) => names((await searchCustomers(db, yardId, { q })).rows);
    expect(await search('THOMP')).toEqual(['Ava Thompson']);
    expect(await search('ompso')).toEqual(['Ava Thompson']);
    expect(await search('son')).toEqual(['Olivia Anderson', 'Liam Johnson', 'Ava Thompson']);
    expect(await search('ava thom')).toEqual(['Ava Thompson']);
    expect(await search('  Ava   Thompson ')).toEqual(['Ava Thompson']);
    expect(await search('olivia')).toEqual(['Olivia Anderson']);
    expect(await search('blue water')).toEqual(['Emma Baxter']);
    expect(await search('MARINE serv')).toEqual(['Liam Johnson']);
    expect(await search('nobody-here')).toEqual([]);
  });

  it('finds email addresses by any fragment', async () => {
    const { db } = get();
    const yardId = await makeYard(db);
    await addCustomers(db, yardId, PEOPLE);
    const search = async (q: string) => names((await searchCustomers(db, yardId, { q })).rows);
    expect(await search('captain.n')).toEqual(['Noah Tate']);
    expect(await search('@BAYSIDE')).toEqual(['Olivia Anderson']);
    expect(await search('harbormail.com')).toEqual(['Ava Thompson']);
    expect(await search('.org')).toEqual(['Noah Tate']);
  });

  it('finds terms with punctuation, q and x exactly', async () => {
    const { db } = get();
    const yardId = await makeYard(db);
    await addCustomers(db, yardId, [
      ...PEOPLE,
      { first: 'Rory', last: "O'Neil-Smith", email: 'rory.o@quay.com' },
      { first: 'Alex', last: 'Fox', email: 'alex_fox@max.net' },
      { first: 'Max', last: 'Quill', email: 'maxq@maxfox.org' },
    ]);
    const search = async (q: string) => names((await searchCustomers(db, yardId, { q })).rows);
    expect(await search("o'neil")).toEqual(["Rory O'Neil-Smith"]);
    expect(await search('NEIL-SM')).toEqual(["Rory O'Neil-Smith"]);
    expect(await search('l-s')).toEqual(["Rory O'Neil-Smith"]);
    expect(await search('neil smith')).toEqual([]);
    expect(await search('alex_f')).toEqual(['Alex Fox']);
    expect(await search('alex.f')).toEqual([]);
    expect(await search('x_f')).toEqual(['Alex Fox']);
    expect(await search('@max.')).toEqual(['Alex Fox']);
    expect(await search('q@maxf')).toEqual(['Max Quill']);
    // First name "Max" starts with the term, so it ranks before the email max.fox@….
    expect(await search('max')).toEqual(['Max Quill', 'Alex Fox']);
    expect(await search('quay')).toEqual(["Rory O'Neil-Smith"]);
    expect(await search('qui')).toEqual(['Max Quill']);
    expect(await search('fox')).toEqual(['Alex Fox', 'Max Quill']);
    expect(await search('o@q')).toEqual(["Rory O'Neil-Smith"]);
  });

  it('finds a phone number whatever the formatting typed', async () => {
    const { db } = get();
    const yardId = await makeYard(db);
    await addCustomers(db, yardId, PEOPLE);
    const search = async (q: string) => names((await searchCustomers(db, yardId, { q })).rows);
    for (const q of [
      '(305) 555-0142',
      '305-555-0142',
      '3055550142',
      '+1 305 555 0142',
      '+13055550142',
      '1-305-555-0142',
      '1 (305) 555-0142',
      '555-0142',
      '5550142',
      '0142',
      '305.555.014',
    ]) {
      expect(await search(q), q).toEqual(['Ava Thompson']);
    }
    // "305" is an area code of two customers and the middle of a third one's number.
    expect(await search('305')).toEqual(['Liam Johnson', 'Mia Ortiz', 'Ava Thompson']);
    expect(await search('(305)')).toEqual(['Liam Johnson', 'Mia Ortiz', 'Ava Thompson']);
    expect(await search('954 555 0123')).toEqual(['Noah Tate']);
    expect(await search('321-555-0177')).toEqual(['Theo Baker']);
    expect(await search('+1 786-555-0100')).toEqual(['Olivia Anderson']);
    expect(await search('999-555-0142')).toEqual([]);
    // Only a country code typed so far: nothing to narrow by yet.
    expect((await searchCustomers(db, yardId, { q: '+1 ' })).rows).toHaveLength(PEOPLE.length);
  });

  it('matches one- and two-character terms as prefixes of first name, last name, email and phone', async () => {
    const { db } = get();
    const yardId = await makeYard(db);
    await addCustomers(db, yardId, PEOPLE);
    const search = async (q: string) => names((await searchCustomers(db, yardId, { q })).rows);
    // Last names Tate/Thompson, first name Theo; "Ortiz"/"Baxter" hold a t but do not start with one.
    expect(await search('t')).toEqual(['Theo Baker', 'Noah Tate', 'Ava Thompson']);
    expect(await search('T')).toEqual(['Theo Baker', 'Noah Tate', 'Ava Thompson']);
    expect(await search('th')).toEqual(['Theo Baker', 'Ava Thompson']);
    expect(await search('ca')).toEqual(['Noah Tate']); // email captain.noah@…
    expect(await search('mi')).toEqual(['Mia Ortiz']); // first name and email, once
    expect(await search('li')).toEqual(['Liam Johnson']);
    expect(await search('3')).toEqual(['Theo Baker', 'Liam Johnson', 'Ava Thompson']);
    expect(await search('95')).toEqual(['Noah Tate']);
    expect(await search('55')).toEqual([]); // inside numbers only
    expect(await search('zz')).toEqual([]);
  });

  it('pages through search results without gaps or repeats', async () => {
    const { db } = get();
    const yardId = await makeYard(db);
    const people: NewCustomer[] = [];
    for (let i = 0; i < 60; i++) {
      people.push({
        first: ['Sam', 'Alex', 'Jo'][i % 3],
        last: `${['Harbor', 'Harbison', 'Marsh'][i % 3]}${String.fromCharCode(97 + (i % 26))}`,
        email: `owner${i}@harbor.example`,
        phone: `(305) 200-${String(1000 + i)}`,
      });
    }
    people.push({ first: 'Other', last: 'Person', email: 'x@y.z', phone: '(212) 300-4000' });
    await addCustomers(db, yardId, people);
    for (const [q, expected] of [
      ['harb', 60], // contains: every email holds "harbor"
      ['ha', 40], // prefix of last name
      ['305 200', 60], // phone digits
      ['', 61],
    ] as const) {
      const everything = (await searchCustomers(db, yardId, { q, limit: 100 })).rows;
      expect(everything, q).toHaveLength(expected);
      const paged = await allPages(db, yardId, q, 7);
      expect(
        paged.map((r) => r.id),
        q,
      ).toEqual(everything.map((r) => r.id));
      expect(new Set(paged.map((r) => r.id)).size, q).toBe(expected);
    }
  });

  it('treats %, _ and \\ in the input as plain characters', async () => {
    const { db } = get();
    const yardId = await makeYard(db);
    await addCustomers(db, yardId, [
      { first: 'Una', last: 'Score', email: 'a_b@under.com' },
      { first: 'Xavier', last: 'Cross', email: 'axb@under.com' },
      { first: 'Percy', last: 'Cent', company: '100% Boats' },
      { first: 'Tom', last: 'Thousand', company: '1000 Boats' },
      { first: 'Lead', last: 'Under', email: '_lead@under.com' },
    ]);
    const search = async (q: string) => names((await searchCustomers(db, yardId, { q })).rows);
    expect(await search('a_b')).toEqual(['Una Score']);
    expect(await search('100%')).toEqual(['Percy Cent']);
    expect(await search('100% b')).toEqual(['Percy Cent']);
    expect(await search('%')).toEqual([]);
    expect(await search('%%%')).toEqual([]);
    expect(await search('_')).toEqual(['Lead Under']);
    expect(await search('__')).toEqual([]);
    expect(await search('\\')).toEqual([]);
    expect(await search('a\\b')).toEqual([]);
  });

  it("never returns another yard's customers", async () => {
    const { db } = get();
    const mine = await makeYard(db);
    const theirs = await makeYard(db);
    await addCustomers(db, mine, [
      { first: 'Ava', last: 'Mine', email: 'ava@mine.com', phone: '(305) 555-0142' },
    ]);
    const [theirId] = await addCustomers(db, theirs, [
      { first: 'Ava', last: 'Theirs', email: 'ava@theirs.com', phone: '(305) 555-0143' },
    ]);
    for (const q of ['', 'a', 'av', 'ava', 'theirs', '@theirs', '305', '3055550143', 't']) {
      const { rows } = await searchCustomers(db, mine, { q });
      expect(
        rows.map((r) => r.id),
        q,
      ).not.toContain(theirId);
    }
    expect(names((await searchCustomers(db, mine, { q: 'ava' })).rows)).toEqual(['Ava Mine']);
    expect(names((await searchCustomers(db, theirs, { q: 'ava' })).rows)).toEqual(['Ava Theirs']);
  });

  it('caps the candidates of a common term, says so, and still sorts and pages them', async () => {
    const { db } = get();
    const yardId = await makeYard(db);
    const people: NewCustomer[] = [];
    for (let i = 0; i < CANDIDATE_CAP + 150; i++) {
      people.push({
        first: `Person${i}`,
        last: `Capwell${String(i).padStart(4, '0')}`,
        email: `p${i}@cap.test`,
      });
    }
    people.push({ first: 'Rare', last: 'Zebulon', email: 'rare@cap.test' });
    await addCustomers(db, yardId, people);

    // Inside the word (a name that starts with the term ranks first and is read in order).
    const common = await searchCustomers(db, yardId, { q: 'apwel' });
    expect(common.capped).toBe(true);
    expect(common.rows).toHaveLength(25);
    expect(common.nextCursor).not.toBeNull();
    const sorted = [...common.rows].sort((a, b) => (a.last_name < b.last_name ? -1 : 1));
    expect(common.rows.map((r) => r.id)).toEqual(sorted.map((r) => r.id));
    for (const r of common.rows) expect(r.last_name.startsWith('Capwell')).toBe(true);

    const next = await searchCustomers(db, yardId, { q: 'apwel', after: common.nextCursor });
    expect(next.rows).toHaveLength(25);
    expect(next.rows[0].last_name > common.rows[24].last_name).toBe(true);

    const rare = await searchCustomers(db, yardId, { q: 'zebu' });
    expect(rare.capped).toBe(false);
    expect(names(rare.rows)).toEqual(['Rare Zebulon']);

    // A short prefix reads its page straight off an index: exact, never capped.
    const prefix = await searchCustomers(db, yardId, { q: 'ca', limit: 5 });
    expect(prefix.capped).toBe(false);
    expect(prefix.rows.map((r) => r.last_name)).toEqual([
      'Capwell0000',
      'Capwell0001',
      'Capwell0002',
      'Capwell0003',
      'Capwell0004',
    ]);

    expect((await searchCustomers(db, yardId, { limit: 1000 })).rows).toHaveLength(100);
    expect((await searchCustomers(db, yardId, { limit: 0 })).rows).toHaveLength(1);
    expect((await searchCustomers(db, yardId, {})).rows).toHaveLength(25);
  });

  it('reads a common term in table order on PostgreSQL, and stays right when the statistics are wrong', async () => {
    const { db } = get();
    const big = await makeYard(db);
    const small = await makeYard(db);
    const people: NewCustomer[] = [];
    for (let i = 0; i < 4000; i++) {
      people.push({
        first: `Owner${i}`,
        last: i % 2 === 0 ? `Harborview${i}` : `Dock${i}`,
        email: `o${i}@marina.test`,
      });
    }
    await addCustomers(db, big, people);
    await addCustomers(
      db,
      small,
      people.slice(0, 30).map((p, i) => ({ ...p, last: i < 10 && i % 2 === 0 ? p.last : `Slip${i}` })),
    );
    await sql`ANALYZE customers`.execute(db);
    // PGlite keeps to the trigram index (see estimatePays); the answers are the same kind.
    const path = engine === 'postgres' ? '-- table order' : '-- trigram index';

    // A third of the big yard: sampled, capped, sorted, and paged forwards.
    expect(await explainSearch(db, big, { q: 'arborv' })).toContain(path);
    const first = await searchCustomers(db, big, { q: 'arborv' });
    expect(first.capped).toBe(true);
    expect(first.rows).toHaveLength(25);
    for (const r of first.rows) expect(r.last_name).toMatch(/^Harborview\d+$/);
    const order = first.rows.map((r) => `${r.last_name.toLowerCase()} ${r.first_name.toLowerCase()}`);
    expect(order).toEqual([...order].sort());
    const second = await searchCustomers(db, big, { q: 'arborv', after: first.nextCursor });
    expect(second.rows.length).toBeGreaterThan(0);
    expect(second.rows[0].last_name.toLowerCase() > first.rows[24].last_name.toLowerCase()).toBe(true);

    // A small yard beside it: read whole rather than through the other yard's matches, exact.
    expect(await explainSearch(db, small, { q: 'arborv' })).toContain(path);
    const few = await searchCustomers(db, small, { q: 'arborv' });
    expect(few.capped).toBe(false);
    expect(names(few.rows)).toEqual([
      'Owner0 Harborview0',
      'Owner2 Harborview2',
      'Owner4 Harborview4',
      'Owner6 Harborview6',
      'Owner8 Harborview8',
    ]);

    // The statistics go stale: all but three lose the name. The scan reads the whole
    // yard, finds three, and that is the exact answer.
    await db
      .updateTable('customers')
      .set({ last_name: 'Renamed' })
      .where('yard_id', '=', big)
      .where('last_name', 'like', 'Harborview%')
      .where('customer_number', '>', 5)
      .execute();
    const stale = await searchCustomers(db, big, { q: 'arborv' });
    expect(stale.capped).toBe(false);
    expect(names(stale.rows)).toEqual(['Owner0 Harborview0', 'Owner2 Harborview2', 'Owner4 Harborview4']);
  });

  it('asks the trigram index when a scan in table order stops short of the whole yard', async () => {
    const { db } = get();
    if (engine !== 'postgres') return; // PGlite never scans (see estimatePays)
    const yardId = await makeYard(db);
    const people: NewCustomer[] = [];
    // More customers than a scan may read, all matching when the statistics are taken.
    for (let i = 0; i < SCAN_READ + 1000; i++)
      people.push({ first: `Crew${i}`, last: `Tidewater${i}`, email: null });
    for (let from = 0; from < people.length; from += 5000) {
      const rows = await addCustomers(db, yardId, people.slice(from, from + 5000), from);
      expect(rows).toHaveLength(Math.min(5000, people.length - from));
    }
    await sql`ANALYZE customers`.execute(db);
    await db
      .updateTable('customers')
      .set({ last_name: 'Moved' })
      .where('yard_id', '=', yardId)
      .where('customer_number', '>', 2)
      .execute();
    const plan = await explainSearch(db, yardId, { q: 'tidew' });
    expect(plan).toContain('-- table order');
    expect(plan).toContain('-- trigram index');
    const result = await searchCustomers(db, yardId, { q: 'tidew' });
    expect(result.capped).toBe(false);
    expect(names(result.rows)).toEqual(['Crew0 Tidewater0', 'Crew1 Tidewater1']);
  });

  it('refuses a cursor it did not make', async () => {
    const { db } = get();
    const yardId = await makeYard(db);
    const nul = Buffer.from(JSON.stringify(['a\u0000', '00000000-0000-0000-0000-000000000000'])).toString(
      'base64url',
    );
    for (const after of ['garbage', Buffer.from('["x","not-a-uuid"]').toString('base64url'), 'W10', nul]) {
      await expect(searchCustomers(db, yardId, { after })).rejects.toBeInstanceOf(AppError);
    }
  });
});

describe('search term planning', () => {
  it('searches short terms and terms without a trigram as prefixes', () => {
    expect(planSearch('')).toEqual({ kind: 'list' });
    expect(planSearch('   ')).toEqual({ kind: 'list' });
    expect(planSearch(undefined)).toEqual({ kind: 'list' });
    expect(planSearch('a')).toEqual({ kind: 'prefix', term: 'a' });
    expect(planSearch(' Jo ')).toEqual({ kind: 'prefix', term: 'Jo' });
    expect(planSearch('ava\u0000 tho\tmp')).toEqual({ kind: 'contains', term: 'ava tho mp' });
    expect(planSearch('%%%')).toEqual({ kind: 'contains', term: '%%%' }); // key "qqq"
    expect(planSearch('***')).toEqual({ kind: 'prefix', term: '***' });
    expect(planSearch('joh')).toEqual({ kind: 'contains', term: 'joh' });
    expect(planSearch('jo  sm')).toEqual({ kind: 'contains', term: 'jo sm' });
  });

  it('turns phone-looking input into the stored national digits', () => {
    expect(planSearch('(305) 555-0142')).toEqual({ kind: 'contains', term: '3055550142', phone: true });
    expect(planSearch('+1 305 555 0142')).toEqual({ kind: 'contains', term: '3055550142', phone: true });
    expect(planSearch('+1 (30')).toEqual({ kind: 'prefix', term: '30' });
    expect(planSearch('+1')).toEqual({ kind: 'list' });
    expect(phoneSearchDigits('1-305-555-0142')).toBe('3055550142');
    expect(phoneSearchDigits('1 (305) 555')).toBe('305555');
    expect(phoneSearchDigits('13055550142')).toBe('3055550142');
    expect(phoneSearchDigits('1305')).toBe('1305');
    expect(phoneSearchDigits('555-0142')).toBe('5550142');
  });

  it('knows when pg_trgm has a trigram to look up', () => {
    expect(hasTrigram('abc')).toBe(true);
    expect(hasTrigram('ab ')).toBe(true); // "ab " at a word end
    expect(hasTrigram('a b')).toBe(true); // "  b" at a word start
    expect(hasTrigram('a..')).toBe(false);
    expect(hasTrigram('...')).toBe(false);
    expect(escapeLike('100%_a\\b')).toBe('100\\%\\_a\\\\b');
    expect(searchKey("ava.t@x.com o'neil-smith a_b 100%")).toBe('avaxtqqxxcomqoxqneilqxsmithqaxbq100q');
  });
});

describeEachEngine('customer search ranks, counts, suggests and filters', (get) => {
  const RANKED: NewCustomer[] = [
    { first: 'Savannah', last: 'Jackson', email: 'sj@dock.test', phone: '(305) 555-0101' },
    { first: 'Ava', last: 'Thompson', email: 'ava.thompson@harbormail.com', phone: '(305) 555-0142' },
    { first: 'Gus', last: 'Avalon', email: 'gus@dock.test' },
    { first: 'Nora', last: 'Cavanagh', email: 'nora@dock.test' },
    { first: 'Zed', last: 'Zimmer', email: 'ava@dock.test', phone: '(305) 555-0199' },
    { first: 'Avery', last: 'Brooks', email: 'ab@dock.test' },
  ];

  it('puts names that start with the term before names that only contain it, each in list order', async () => {
    const { db } = get();
    const yardId = await makeYard(db);
    await addCustomers(db, yardId, RANKED);
    const search = async (q: string) => names((await searchCustomers(db, yardId, { q })).rows);
    // Last name Avalon and first name Ava (by last name), then inside a word, the email
    // ava@… among them: Cavanagh, Jackson (Savannah), Zimmer.
    expect(await search('ava')).toEqual([
      'Gus Avalon',
      'Ava Thompson',
      'Nora Cavanagh',
      'Savannah Jackson',
      'Zed Zimmer',
    ]);
    // Two letters: names first, then the email that starts with them.
    expect(await search('av')).toEqual(['Gus Avalon', 'Avery Brooks', 'Ava Thompson', 'Zed Zimmer']);
    // Paged one at a time, the same order without gaps or repeats.
    for (const q of ['ava', 'av', '305']) {
      const all = (await searchCustomers(db, yardId, { q, limit: 100 })).rows.map((r) => r.id);
      expect(
        (await allPages(db, yardId, q, 1)).map((r) => r.id),
        q,
      ).toEqual(all);
      expect(
        (await allPages(db, yardId, q, 2)).map((r) => r.id),
        q,
      ).toEqual(all);
    }
  });

  it('puts a first name and the start of a last name typed together before the rest', async () => {
    const { db } = get();
    const yardId = await makeYard(db);
    await addCustomers(db, yardId, [
      { first: 'Charles', last: 'Cooper' },
      { first: 'Charles', last: 'Coleman' },
      { first: 'Charles', last: 'Dunn' },
      // Contain "charles co" too, but not as that first name and that last name.
      { first: 'Marycharles', last: 'Coates' },
      { first: 'Abe', last: 'Adams', company: 'Charles Cove Marina' },
    ]);
    const search = async (q: string, filters?: { portal: 'no_email' }) =>
      names((await searchCustomers(db, yardId, { q, filters })).rows);
    const ranked = ['Charles Coleman', 'Charles Cooper', 'Abe Adams', 'Marycharles Coates'];
    expect(await search('Charles Co')).toEqual(ranked);
    expect(await search('charles   co')).toEqual(ranked);
    // Nobody has an email: the filter's own index ranks its matches as it reads them, the same.
    expect(await search('Charles Co', { portal: 'no_email' })).toEqual(ranked);
    expect(await countCustomers(db, yardId, { q: 'Charles Co' })).toEqual({ count: 4, more: false });
    // Paged one at a time: the same order, each once.
    expect(names(await allPages(db, yardId, 'Charles Co', 1))).toEqual(ranked);
    // Three words, or a word that is not a first name's whole: list order among the matches.
    expect(await search('arycharles Co')).toEqual(['Marycharles Coates']);
  });

  it('puts an exact email or phone number first, whatever the formatting', async () => {
    const { db } = get();
    const yardId = await makeYard(db);
    await addCustomers(db, yardId, RANKED);
    const search = async (q: string) => names((await searchCustomers(db, yardId, { q })).rows);
    expect((await search('AVA@dock.test'))[0]).toBe('Zed Zimmer');
    expect(await search('dock.test')).toEqual([
      'Gus Avalon',
      'Avery Brooks',
      'Nora Cavanagh',
      'Savannah Jackson',
      'Zed Zimmer',
    ]);
    for (const q of ['305-555-0199', '(305) 555 0199', '+1 305.555.0199', '3055550199']) {
      expect(await search(q), q).toEqual(['Zed Zimmer']);
    }
    // "305555" is in three numbers: none is exact, so list order.
    expect(await search('305555')).toEqual(['Savannah Jackson', 'Ava Thompson', 'Zed Zimmer']);
  });

  it('suggests a name of the yard for a misspelt term, and follows renames and archiving', async () => {
    const { db } = get();
    const yardId = await makeYard(db);
    const other = await makeYard(db);
    const ids = await addCustomers(db, yardId, RANKED);
    await addCustomers(db, other, [{ first: 'Thomasina', last: 'Thomsen' }]);
    const result = await searchCustomers(db, yardId, { q: 'Thomson' });
    expect(result.rows).toEqual([]);
    expect(result.suggestion).toBe('Thompson');
    expect((await searchCustomers(db, yardId, { q: 'ava thomson' })).suggestion).toBe('ava Thompson');
    expect((await searchCustomers(db, yardId, { q: 'Savanah' })).suggestion).toBe('Savannah');
    // Found something, or nothing like it: no suggestion.
    expect((await searchCustomers(db, yardId, { q: 'Thompson' })).suggestion).toBeNull();
    expect((await searchCustomers(db, yardId, { q: 'qwzx' })).suggestion).toBeNull();
    // The other yard's Thomsen is never offered.
    expect((await searchCustomers(db, yardId, { q: 'Thomsen' })).suggestion).toBe('Thompson');

    await db.updateTable('customers').set({ last_name: 'Thomsett' }).where('id', '=', ids[1]).execute();
    expect((await searchCustomers(db, yardId, { q: 'Thomson' })).suggestion).toBe('Thomsett');
    await db.updateTable('customers').set({ archived_at: new Date() }).where('id', '=', ids[1]).execute();
    expect((await searchCustomers(db, yardId, { q: 'Thomson' })).suggestion).toBeNull();
    // Edits that leave the names alone change no count; a case change is the same name.
    await db.updateTable('customers').set({ notes: 'Prefers text' }).where('yard_id', '=', yardId).execute();
    await db.updateTable('customers').set({ first_name: 'GUS' }).where('id', '=', ids[2]).execute();
    const kept = await db
      .selectFrom('customer_names')
      .select(['name', 'customers'])
      .where('yard_id', '=', yardId)
      .where('kind', '=', 'first')
      .orderBy('name')
      .execute();
    expect(kept).toEqual([
      { name: 'avery', customers: 1 },
      { name: 'gus', customers: 1 },
      { name: 'nora', customers: 1 },
      { name: 'savannah', customers: 1 },
      { name: 'zed', customers: 1 },
    ]);
  });

  it('counts up to 1,000 exactly and says "more" beyond', async () => {
    const { db } = get();
    const yardId = await makeYard(db);
    const people: NewCustomer[] = [];
    for (let i = 0; i < COUNT_CAP + 1; i++) {
      people.push({
        first: `Crew${i}`,
        last: `Mooring${i % 3 === 0 ? 'Alpha' : 'Beta'}`,
        email: `c${i}@m.test`,
      });
    }
    const ids = await addCustomers(db, yardId, people);
    expect(await countCustomers(db, yardId, {})).toEqual({ count: COUNT_CAP, more: true });
    expect(await countCustomers(db, yardId, { q: 'moor' })).toEqual({ count: COUNT_CAP, more: true });
    expect(await countCustomers(db, yardId, { q: 'ringal' })).toEqual({ count: 334, more: false });
    expect(await countCustomers(db, yardId, { q: 'mo' })).toEqual({ count: COUNT_CAP, more: true });
    // Emails c1@, c10–c19@, c100–c199@ and c1000@.
    expect(await countCustomers(db, yardId, { q: 'c1' })).toEqual({ count: 112, more: false });
    await db.updateTable('customers').set({ archived_at: new Date() }).where('id', '=', ids[0]).execute();
    expect(await countCustomers(db, yardId, {})).toEqual({ count: 1000, more: false });
    expect(await countCustomers(db, yardId, { filters: { archived: true } })).toEqual({
      count: 1,
      more: false,
    });
    // The same mechanism with a smaller cap.
    expect(await countCustomers(db, yardId, { q: 'ringal' }, 100)).toEqual({ count: 100, more: true });
    expect(await countCustomers(db, yardId, { q: 'zzz' }, 100)).toEqual({ count: 0, more: false });
  });

  it('filters by portal status, balance due and archive, with the term and across pages', async () => {
    const { db } = get();
    const yardId = await makeYard(db);
    const other = await makeYard(db);
    const now = new Date();
    const people: NewCustomer[] = [
      { first: 'Anna', last: 'Portal', email: 'anna@p.test' },
      { first: 'Ben', last: 'Invited', email: 'ben@p.test' },
      { first: 'Cara', last: 'Expired', email: 'cara@p.test' },
      { first: 'Dan', last: 'Plain', email: 'dan@p.test' },
      { first: 'Eve', last: 'Noemail', email: null },
      { first: 'Fay', last: 'Owing', email: 'fay@p.test' },
      { first: 'Gil', last: 'Paidup', email: 'gil@p.test' },
      { first: 'Hal', last: 'Gone', email: 'hal@p.test' },
    ];
    const [anna, ben, cara, , , fay, gil, hal] = await addCustomers(db, yardId, people);
    const [theirs] = await addCustomers(db, other, [{ first: 'Ann', last: 'Portal', email: 'ann@q.test' }]);
    for (const [customer, yard] of [
      [anna, yardId],
      [theirs, other],
    ]) {
      await db
        .insertInto('portal_accounts')
        .values({
          yard_id: yard,
          customer_id: customer,
          login_email: `${customer}@p.test`,
          password_hash: 'x',
          activated_at: now,
        })
        .execute();
    }
    const invite = (customer: string, expires: Date) =>
      db
        .insertInto('invites')
        .values({
          yard_id: yardId,
          customer_id: customer,
          email: 'i@p.test',
          status: 'sent',
          created_at: now,
          expires_at: expires,
        })
        .execute();
    await invite(ben, new Date(now.getTime() + 86_400_000));
    await invite(cara, new Date(now.getTime() - 86_400_000));
    await makeOrderHistory(db, yardId, fay);
    const paid = await makeOrderHistory(db, yardId, gil);
    await db
      .updateTable('invoices')
      .set({ status: 'paid', paid_cents: 128400 })
      .where('id', '=', paid.invoice.id)
      .execute();
    await makeOrderHistory(db, other, theirs);
    await db.updateTable('customers').set({ archived_at: now }).where('id', '=', hal).execute();

    const list = async (params: CustomerSearchParams) =>
      names((await searchCustomers(db, yardId, { now, ...params })).rows);
    const lastNames = (rows: string[]) => rows.map((n) => n.split(' ')[1]);
    // Archived customers are hidden unless asked for.
    expect(lastNames(await list({}))).toEqual([
      'Expired',
      'Invited',
      'Noemail',
      'Owing',
      'Paidup',
      'Plain',
      'Portal',
    ]);
    expect(await list({ q: 'hal' })).toEqual([]);
    expect(await list({ filters: { archived: true } })).toEqual(['Hal Gone']);
    expect(await list({ q: 'ha', filters: { archived: true } })).toEqual(['Hal Gone']);
    expect(await list({ q: 'hal@p', filters: { archived: true } })).toEqual(['Hal Gone']);
    expect(await list({ filters: { portal: 'in_portal' } })).toEqual(['Anna Portal']);
    expect(await list({ filters: { portal: 'invited' } })).toEqual(['Ben Invited']);
    expect(lastNames(await list({ filters: { portal: 'not_invited' } }))).toEqual([
      'Expired',
      'Owing',
      'Paidup',
      'Plain',
    ]);
    expect(await list({ filters: { portal: 'no_email' } })).toEqual(['Eve Noemail']);
    expect(await list({ filters: { balanceDue: true } })).toEqual(['Fay Owing']);
    expect(await list({ q: 'fay', filters: { balanceDue: true } })).toEqual(['Fay Owing']);
    expect(await list({ q: 'p.test', filters: { balanceDue: true, portal: 'not_invited' } })).toEqual([
      'Fay Owing',
    ]);
    expect(await list({ q: 'gil', filters: { balanceDue: true } })).toEqual([]);
    expect(await list({ q: 'p.test', filters: { portal: 'in_portal' } })).toEqual(['Anna Portal']);
    expect(await countCustomers(db, yardId, { now, filters: { portal: 'not_invited' } })).toEqual({
      count: 4,
      more: false,
    });
    expect(await countCustomers(db, yardId, { now, q: 'p.test', filters: { balanceDue: true } })).toEqual({
      count: 1,
      more: false,
    });
    // Paging keeps the filter.
    const paged = await allPages(db, yardId, '', 1, { now, filters: { portal: 'not_invited' } });
    expect(lastNames(names(paged))).toEqual(['Expired', 'Owing', 'Paidup', 'Plain']);
    const pagedTerm = await allPages(db, yardId, 'p.test', 1, { now, filters: { portal: 'not_invited' } });
    expect(lastNames(names(pagedTerm))).toEqual(['Expired', 'Owing', 'Paidup', 'Plain']);
    // The other yard's portal customer and debtor never appear.
    for (const filters of [{ portal: 'in_portal' as const }, { balanceDue: true }, { archived: true }]) {
      for (const q of ['', 'ann', 'an', 'portal', 'q.test']) {
        const { rows } = await searchCustomers(db, yardId, { q, filters, now });
        expect(rows.map((r) => r.id)).not.toContain(theirs);
      }
    }
  });
});
