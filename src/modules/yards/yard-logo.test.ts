import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Agent, type Harness, startHarness } from '../../../test/support/harness.js';
import { multipartBody, SAMPLE_PHOTOS } from '../../../test/support/photos.js';
import { hashPassword } from '../accounts/password-hash.js';

const URL = '/api/staff/yard/logo';

describeEachEngine('yard logo', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { worker: false });
  });
  afterAll(() => h.close());

  async function owner() {
    const { yard, staff } = await makeYard(db().db);
    const agent = h.agent();
    await agent.signInStaff(staff.email, STAFF_PASSWORD);
    return { yard, staff, agent };
  }

  async function upload(agent: Agent, fileName: string, contentType: string, data: Buffer, field = 'logo') {
    const { payload, contentType: type } = multipartBody([
      { name: field, file: { fileName, contentType, data } },
    ]);
    const csrf = await agent.token();
    return h.app.inject({
      method: 'PUT',
      url: URL,
      payload,
      headers: { ...(await agent.authHeaders()), 'x-csrf-token': csrf, 'content-type': type },
    });
  }

  const logoRow = (yardId: string) =>
    db().db.selectFrom('yard_logos').selectAll().where('yard_id', '=', yardId).executeTakeFirst();

  it('the owner uploads a PNG; anyone fetches it with image-only headers; a new upload changes its address', async () => {
    const { yard, staff, agent } = await owner();
    const res = await upload(agent, 'logo.png', 'image/png', SAMPLE_PHOTOS.png);
    expect(res.statusCode).toBe(200);
    const { logoUrl } = res.json();
    expect(logoUrl).toMatch(new RegExp(`^/api/yards/${yard.slug}/logo\\?v=\\d+$`));

    const got = await h.agent().get(logoUrl);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['content-disposition']).toBe('inline; filename="logo.png"');
    expect(got.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(got.headers['cache-control']).toMatch(/max-age=\d+/);
    expect(got.rawPayload.equals(SAMPLE_PHOTOS.png)).toBe(true);
    const again = await h.app.inject({
      method: 'GET',
      url: logoUrl,
      headers: { 'if-none-match': String(got.headers.etag) },
    });
    expect(again.statusCode).toBe(304);

    // The staff shell and the portal learn where it is.
    expect((await agent.get('/api/staff/me')).json().yard.logoUrl).toBe(logoUrl);
    expect((await h.agent().get(`/api/portal/${yard.slug}`)).json().yard.logoUrl).toBe(logoUrl);

    const audit = await db()
      .db.selectFrom('audit_log')
      .selectAll()
      .where('yard_id', '=', yard.id)
      .where('entity', '=', 'settings')
      .execute();
    expect(audit).toEqual([expect.objectContaining({ action: 'logo_changed', actor_staff_id: staff.id })]);
  });

  it('judges the file by its bytes: JPEG bytes named .png are stored and served as JPEG', async () => {
    const { yard, agent } = await owner();
    const res = await upload(agent, 'logo.png', 'image/png', SAMPLE_PHOTOS.jpeg);
    expect(res.statusCode).toBe(200);
    expect((await logoRow(yard.id))?.content_type).toBe('image/jpeg');
    const got = await h.agent().get(`/api/yards/${yard.slug}/logo`);
    expect(got.headers['content-type']).toBe('image/jpeg');
  });

  it.each([
    ['a text file', 'logo.png', 'image/png', Buffer.from('not an image at all'), 415, 'LOGO_TYPE'],
    ['a HEIC photo', 'logo.heic', 'image/heic', SAMPLE_PHOTOS.heic, 415, 'LOGO_TYPE'],
    ['an empty file', 'logo.png', 'image/png', Buffer.alloc(0), 422, 'VALIDATION'],
    [
      'an image over 1 MB',
      'big.png',
      'image/png',
      Buffer.concat([SAMPLE_PHOTOS.png, Buffer.alloc(1024 * 1024)]),
      413,
      'LOGO_TOO_LARGE',
    ],
  ])('%s is refused and the logo stays as it was', async (_what, name, type, data, status, code) => {
    const { yard, agent } = await owner();
    await upload(agent, 'first.webp', 'image/webp', SAMPLE_PHOTOS.webp);
    const before = await logoRow(yard.id);
    const res = await upload(agent, name, type, data);
    expect(res.statusCode).toBe(status);
    expect(res.json().code).toBe(code);
    expect(await logoRow(yard.id)).toEqual(before);
  });

  it('a JSON body is 415; a file in another field is 422', async () => {
    const { agent } = await owner();
    expect((await agent.put(URL, { logo: 'x' })).statusCode).toBe(415);
    const res = await upload(agent, 'logo.png', 'image/png', SAMPLE_PHOTOS.png, 'photo');
    expect(res.statusCode).toBe(422);
    expect(res.json().details.fields.logo).toMatch(/"logo"/);
  });

  it('removing the logo: the address is gone and answers 404', async () => {
    const { yard, agent } = await owner();
    await upload(agent, 'logo.png', 'image/png', SAMPLE_PHOTOS.png);
    const res = await agent.delete(URL);
    expect(res.statusCode).toBe(200);
    expect(res.json().logoUrl).toBeNull();
    expect(await logoRow(yard.id)).toBeUndefined();
    expect((await h.agent().get(`/api/yards/${yard.slug}/logo`)).statusCode).toBe(404);
    expect((await h.agent().get('/api/yards/no-such-yard/logo')).statusCode).toBe(404);
  });

  it("only the owner changes it, and only their own yard's", async () => {
    const mine = await owner();
    const theirs = await owner();
    await upload(theirs.agent, 'logo.png', 'image/png', SAMPLE_PHOTOS.png);
    const theirLogo = await logoRow(theirs.yard.id);
    // My upload and removal touch only my yard.
    await upload(mine.agent, 'logo.jpg', 'image/jpeg', SAMPLE_PHOTOS.jpeg);
    await mine.agent.delete(URL);
    expect(await logoRow(theirs.yard.id)).toEqual(theirLogo);

    const email = `office-${Math.random().toString(36).slice(2)}@yard.test`;
    await db()
      .db.insertInto('staff_users')
      .values({
        yard_id: theirs.yard.id,
        email,
        name: 'Office',
        role: 'office',
        password_hash: await hashPassword(STAFF_PASSWORD),
      })
      .execute();
    const office = h.agent();
    await office.signInStaff(email, STAFF_PASSWORD);
    expect((await upload(office, 'logo.jpg', 'image/jpeg', SAMPLE_PHOTOS.jpeg)).statusCode).toBe(403);
    expect((await office.delete(URL)).statusCode).toBe(403);
    expect(await logoRow(theirs.yard.id)).toEqual(theirLogo);
    expect((await upload(h.agent(), 'logo.jpg', 'image/jpeg', SAMPLE_PHOTOS.jpeg)).statusCode).toBe(401);
  });
});
