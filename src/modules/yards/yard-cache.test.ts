import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { multipartBody, SAMPLE_PHOTOS } from '../../../test/support/photos.js';
import { AppError } from '../../server/errors.js';
import { createYardsService, YARD_CACHE_MS } from './yards.service.js';

describeEachEngine('the yard a portal address names', (db) => {
  const rename = (id: string, name: string) =>
    db().db.updateTable('yards').set({ name }).where('id', '=', id).execute();

  describe('kept for a few seconds', () => {
    let now = 0;
    const yards = () => createYardsService({ database: db() }, { monotonicMs: () => now, maxYards: 2 });

    it('is read once; a change made elsewhere shows when its time is up', async () => {
      const { yard } = await makeYard(db().db);
      const service = yards();
      expect((await service.bySlug(yard.slug)).name).toBe(yard.name);
      await rename(yard.id, 'Renamed by another process');
      now += YARD_CACHE_MS - 1;
      expect((await service.bySlug(yard.slug)).name).toBe(yard.name);
      now += 2;
      expect((await service.bySlug(yard.slug)).name).toBe('Renamed by another process');
    });

    it('forgets a yard whose settings this process changed, at once', async () => {
      const { yard } = await makeYard(db().db);
      const service = yards();
      await service.bySlug(yard.slug);
      await rename(yard.id, 'Renamed here');
      service.forget(yard.id);
      expect((await service.bySlug(yard.slug)).name).toBe('Renamed here');
    });

    it('keeps no answer for an unknown address: the yard created next is found', async () => {
      const service = yards();
      const { yard } = await makeYard(db().db);
      const slug = `${yard.slug}-later`;
      await expect(service.bySlug(slug)).rejects.toBeInstanceOf(AppError);
      await db().db.updateTable('yards').set({ slug }).where('id', '=', yard.id).execute();
      expect((await service.bySlug(slug)).id).toBe(yard.id);
    });

    it('holds at most its size: the least recently used yard is read again', async () => {
      const [a, b, c] = [await makeYard(db().db), await makeYard(db().db), await makeYard(db().db)];
      const service = yards();
      await service.bySlug(a.yard.slug);
      await service.bySlug(b.yard.slug);
      await service.bySlug(a.yard.slug);
      await service.bySlug(c.yard.slug); // b goes: a was used after it
      await rename(a.yard.id, 'A renamed');
      await rename(b.yard.id, 'B renamed');
      expect((await service.bySlug(a.yard.slug)).name).toBe(a.yard.name);
      expect((await service.bySlug(b.yard.slug)).name).toBe('B renamed');
    });
  });

  describe('in the running app', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness(db(), { worker: false });
    });
    afterAll(() => h.close());

    it("shows the owner's new name and logo on the portal at once", async () => {
      const { yard, staff } = await makeYard(db().db);
      const agent = h.agent();
      await agent.signInStaff(staff.email, STAFF_PASSWORD);
      const portal = () => h.agent().get(`/api/portal/${yard.slug}`);
      expect((await portal()).json().yard).toMatchObject({ name: yard.name, logoUrl: null });

      const saved = await agent.patch('/api/staff/yard/settings', { name: 'Harbour Point Boatworks' });
      expect(saved.statusCode).toBe(200);
      expect((await portal()).json().yard.name).toBe('Harbour Point Boatworks');

      const { payload, contentType } = multipartBody([
        { name: 'logo', file: { fileName: 'logo.png', contentType: 'image/png', data: SAMPLE_PHOTOS.png } },
      ]);
      const uploaded = await h.app.inject({
        method: 'PUT',
        url: '/api/staff/yard/logo',
        payload,
        headers: {
          ...(await agent.authHeaders()),
          'x-csrf-token': await agent.token(),
          'content-type': contentType,
        },
      });
      expect(uploaded.statusCode).toBe(200);
      expect((await portal()).json().yard.logoUrl).toBe(uploaded.json().logoUrl);
      const removed = await agent.delete('/api/staff/yard/logo');
      expect(removed.statusCode).toBeLessThan(300);
      expect((await portal()).json().yard.logoUrl).toBeNull();
    });
  });
});
