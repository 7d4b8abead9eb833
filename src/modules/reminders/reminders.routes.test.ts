import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { signedInStaff } from '../../../test/support/staff-links.js';

describeEachEngine('service reminders: who may define them', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { worker: false });
  });
  afterAll(() => h.close());

  async function yardWithOffice() {
    const { yard, staff } = await makeYard(db().db);
    const office = h.agent();
    await office.signInStaff(staff.email, STAFF_PASSWORD);
    return { yard, office };
  }

  it('owner and office define reminders; technicians and viewers only read; input is checked', async () => {
    const { yard, office } = await yardWithOffice();
    const bad = await office.post('/api/staff/reminders', {
      name: '',
      service: 'x',
      schedule: { rule: 'yearly', month: 13, day: 1 },
    });
    expect(bad.statusCode).toBe(422);
    const wrongCatalog = await office.post('/api/staff/reminders', {
      name: 'Haul',
      service: 'Haul out',
      catalogJobId: '00000000-0000-4000-8000-000000000000',
      boatStatus: 'in_storage',
      schedule: { rule: 'yearly', month: 3, day: 15 },
    });
    expect(wrongCatalog.statusCode).toBe(422);
    expect(wrongCatalog.json().message).toMatch(/catalog/);
    for (const role of ['technician', 'viewer'] as const) {
      const s = await signedInStaff(h, db().db, yard.id, role);
      expect((await s.agent.get('/api/staff/reminders')).statusCode).toBe(200);
      const refused = await s.agent.post('/api/staff/reminders', {
        name: 'Haul',
        service: 'Haul out',
        schedule: { rule: 'yearly', month: 3, day: 15 },
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe('ROLE_FORBIDDEN');
    }
    // Another yard's reminder is not found.
    const other = await makeYard(db().db);
    const stranger = h.agent();
    await stranger.signInStaff(other.staff.email, STAFF_PASSWORD);
    const mine = (
      await office.post('/api/staff/reminders', {
        name: 'Haul',
        service: 'Haul out',
        schedule: { rule: 'yearly', month: 3, day: 15 },
      })
    ).json();
    expect((await stranger.get(`/api/staff/reminders/${mine.id}`)).statusCode).toBe(404);
    expect((await stranger.patch(`/api/staff/reminders/${mine.id}`, { paused: true })).statusCode).toBe(404);
  });
});
