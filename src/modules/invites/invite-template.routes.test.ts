import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeCustomer, makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness, TEST_PUBLIC_URL } from '../../../test/support/harness.js';
import { DAY } from '../../server/clock.js';
import { DEFAULT_INVITE_TEMPLATE } from './invite-template.js';

const URL = '/api/staff/invite-template';
const custom = {
  subject: 'Your {yard_name} portal is ready, {customer_first_name}',
  greeting: 'Ahoy {customer_first_name}!',
  body: 'Everything about your boats is online now.\n\n{portal_link}\n\nQuestions? Call {yard_phone}.',
};

describeEachEngine('the invite email template routes', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { worker: false });
  });
  afterAll(() => h.close());

  async function signedInStaff() {
    const { yard, staff } = await makeYard(db().db, 'Harbor Point Marine');
    const agent = h.agent();
    await agent.signInStaff(staff.email, STAFF_PASSWORD);
    return { yard, staff, agent };
  }

  it('shows the default wording with the placeholders until the yard saves its own', async () => {
    const { agent } = await signedInStaff();
    const res = await agent.get(URL);
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json();
    expect(view).toMatchObject({ ...DEFAULT_INVITE_TEMPLATE, isDefault: true, updatedAt: null });
    expect(view.defaults).toEqual(DEFAULT_INVITE_TEMPLATE);
    expect(view.placeholders.map((p: { name: string }) => p.name)).toEqual([
      'customer_first_name',
      'customer_last_name',
      'customer_name',
      'yard_name',
      'yard_phone',
      'yard_email',
      'portal_link',
      'link_expiry_date',
    ]);
  });

  it('saves a template (normalized), which GET then shows; another yard still sees the default', async () => {
    const { agent, staff, yard } = await signedInStaff();
    const saved = await agent.put(URL, {
      ...custom,
      subject: `  ${custom.subject} `,
      body: custom.body.replace(/\n/g, '\r\n'),
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ ...custom, isDefault: false });
    expect(new Date(saved.json().updatedAt).getTime()).toBe(h.clock.now().getTime());
    expect((await agent.get(URL)).json()).toMatchObject({ ...custom, isDefault: false });
    const row = await db()
      .db.selectFrom('invite_templates')
      .selectAll()
      .where('yard_id', '=', yard.id)
      .executeTakeFirstOrThrow();
    expect(row.updated_by).toBe(staff.id);

    const again = await agent.put(URL, { ...custom, greeting: '' });
    expect(again.json().greeting).toBe('');

    const other = await signedInStaff();
    expect((await other.agent.get(URL)).json()).toMatchObject({
      ...DEFAULT_INVITE_TEMPLATE,
      isDefault: true,
    });
  });

  it('refuses an invalid template with a 422 that says what is wrong, and keeps the saved one', async () => {
    const { agent } = await signedInStaff();
    await agent.put(URL, custom);
    const noLink = await agent.put(URL, { ...custom, body: 'Welcome!' });
    expect(noLink.statusCode).toBe(422);
    expect(noLink.json()).toMatchObject({
      code: 'INVALID_INVITE_TEMPLATE',
      details: {
        fields: {
          body: expect.stringContaining('The body must contain {portal_link}, or customers get no way in'),
        },
      },
    });
    const unknown = await agent.put(URL, {
      ...custom,
      subject: 'Hi {Customer_First_Name}',
      greeting: '{portal_link}',
    });
    expect(unknown.statusCode).toBe(422);
    const body = unknown.json();
    expect(body.message).toContain('{Customer_First_Name}');
    expect(body.details.fields.subject).toContain('The known ones are {customer_first_name}');
    expect(body.details.fields.greeting).toContain('cannot contain {portal_link}');
    expect(body.details.unknownPlaceholders).toEqual(['{Customer_First_Name}']);
    const missing = await agent.put(URL, { subject: 'x', body: '{portal_link}' });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().code).toBe('VALIDATION');
    expect((await agent.get(URL)).json()).toMatchObject(custom);
  });

  it('previews for a chosen customer, escaping the name in the HTML, with an inert link and the real expiry', async () => {
    const { agent, yard } = await signedInStaff();
    const ann = await makeCustomer(db().db, yard.id, { first_name: '<b>Ann</b>', last_name: 'Zeller' });
    const res = await agent.post(`${URL}/preview`, { ...custom, customerId: ann.id });
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p.customer).toEqual({ id: ann.id, name: '<b>Ann</b> Zeller' });
    expect(p.subject).toBe(`Your ${yard.name} portal is ready, <b>Ann</b>`);
    expect(p.text).toContain('Ahoy <b>Ann</b>!');
    expect(p.html).toContain('Ahoy &lt;b&gt;Ann&lt;/b&gt;!');
    expect(p.html).not.toContain('<b>Ann');
    expect(p.html).toContain('>Pick your password</a>');
    expect(p.text).toContain(`${TEST_PUBLIC_URL}/portal/${yard.slug}/accept/preview-link-not-active`);
    expect(p.text).toContain('Questions? Call (305) 555-0100.');

    const expiry = await agent.post(`${URL}/preview`, { ...DEFAULT_INVITE_TEMPLATE, customerId: ann.id });
    const date = new Date(h.clock.now().getTime() + 7 * DAY).toLocaleDateString('en-US', {
      weekday: 'long',
      month: 'long',
      day: 'numeric',
      year: 'numeric',
      timeZone: 'UTC',
    });
    expect(expiry.json().text).toContain(`expires on ${date}.`);
    // Previewing saves nothing.
    expect((await agent.get(URL)).json().isDefault).toBe(true);
  });

  it('previews for the first customer with an email in list order when none is chosen', async () => {
    const { agent, yard } = await signedInStaff();
    const empty = await agent.post(`${URL}/preview`, DEFAULT_INVITE_TEMPLATE);
    expect(empty.statusCode, empty.body).toBe(200);
    expect(empty.json().customer).toBeNull();
    expect(empty.json().text).toMatch(/^Hi \S+,/);

    await makeCustomer(db().db, yard.id, { first_name: 'Nomail', last_name: 'Aaron', email: null });
    const bea = await makeCustomer(db().db, yard.id, { first_name: 'Bea', last_name: 'Abbott' });
    await makeCustomer(db().db, yard.id, { first_name: 'Carl', last_name: 'Young' });
    const res = await agent.post(`${URL}/preview`, DEFAULT_INVITE_TEMPLATE);
    expect(res.json().customer).toEqual({ id: bea.id, name: 'Bea Abbott' });
    expect(res.json().text.startsWith('Hi Bea,\n')).toBe(true);
  });

  it("answers 404 for another yard's customer and shows nothing of them", async () => {
    const { yard } = await makeYard(db().db);
    const victim = await makeCustomer(db().db, yard.id, { first_name: 'VictimMarker5512' });
    const { agent } = await signedInStaff();
    const res = await agent.post(`${URL}/preview`, { ...custom, customerId: victim.id });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('VictimMarker5512');
    const bad = await agent.post(`${URL}/preview`, { ...custom, customerId: 'not-a-uuid' });
    expect(bad.statusCode).toBe(422);
  });

  it('refuses to preview an invalid template, with the same errors as saving', async () => {
    const { agent } = await signedInStaff();
    const res = await agent.post(`${URL}/preview`, { ...custom, body: 'Hello {{yard_name}}' });
    expect(res.statusCode).toBe(422);
    expect(res.json().details.fields.body).toMatch(
      /must contain \{portal_link\}.*write \{yard_name\} instead of \{\{yard_name\}\}/,
    );
  });

  it('resets to the default wording', async () => {
    const { agent, yard } = await signedInStaff();
    await agent.put(URL, custom);
    const res = await agent.delete(URL);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ...DEFAULT_INVITE_TEMPLATE, isDefault: true, updatedAt: null });
    expect((await agent.get(URL)).json().isDefault).toBe(true);
    const rows = await db()
      .db.selectFrom('invite_templates')
      .select('yard_id')
      .where('yard_id', '=', yard.id)
      .execute();
    expect(rows).toEqual([]);
    expect((await agent.delete(URL)).statusCode).toBe(200);
  });

  it('turns away signed-out visitors (401) and requests without the CSRF token (403)', async () => {
    const { agent, yard } = await signedInStaff();
    const anonymous = h.agent();
    const routes = [
      ['GET', URL, undefined],
      ['PUT', URL, custom],
      ['DELETE', URL, undefined],
      ['POST', `${URL}/preview`, custom],
    ] as const;
    for (const [method, url, body] of routes) {
      const res = await anonymous.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(401);
    }
    for (const [method, url, body] of routes.slice(1)) {
      const res = await agent.request(method, url, body, { csrf: false });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
    const rows = await db()
      .db.selectFrom('invite_templates')
      .select('yard_id')
      .where('yard_id', '=', yard.id)
      .execute();
    expect(rows).toEqual([]);
  });
});
