import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { type AuditActor, auditRepo, changedFields } from '../audit/audit.repo.js';
import type { RowData } from './import-preview.js';
import type { ImportRunRepo } from './import-run.repo.js';
import { boatChanges, customerChanges, newBoat, newContacts, newCustomer } from './record-diff.js';
import { boatKey } from './row-values.js';

export interface UnitRow {
  file: 'customers' | 'boats';
  row_number: number;
  data: unknown;
  customer_id: string | null;
}

const created = (values: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(values)
      .filter(([, v]) => v !== null && v !== '')
      .map(([k, v]) => [k, { before: null, after: v }]),
  );

/**
 * Writes one customer with their boats, in the caller's transaction, with an audit row
 * (action "imported") for each customer and boat it creates or changes. What changes is
 * decided again against the records as they are now, so a unit written twice (it never
 * is: the unit is taken in the same transaction) would change nothing the second time.
 */
export async function writeUnit(
  trx: Kysely<DB>,
  repo: ImportRunRepo,
  v: { yardId: string; actor: AuditActor; now: Date; customerNumber: number | null; rows: UnitRow[] },
) {
  const audit = auditRepo(trx);
  const first = v.rows[0];
  const customer = (first.data as RowData).customer;
  if (!customer) throw new Error('An import unit starts with its customer row.');
  let customerId = first.customer_id;
  let result: 'created' | 'updated' | 'unchanged' = 'unchanged';
  const record = (entity: 'customer' | 'boat', entityId: string, changes: object) =>
    audit.record(
      {
        yardId: v.yardId,
        actor: v.actor,
        entity,
        entityId,
        customerId,
        action: 'imported',
        changes: changes as never,
        at: v.now,
      },
      trx,
    );

  if (!customerId) {
    if (v.customerNumber === null)
      throw new Error('A new customer needs the number handed out at confirmation.');
    const values = newCustomer(customer);
    customerId = (await repo.insertCustomer(trx, v.yardId, v.customerNumber, values, v.now)).id;
    const contacts = newContacts(customer);
    await repo.addContacts(trx, v.yardId, customerId, contacts, 0);
    await record('customer', customerId, {
      customer_number: { before: null, after: v.customerNumber },
      ...created(values),
      ...(contacts.length ? { contacts: { before: null, after: contacts.map((c) => c.value) } } : {}),
    });
    result = 'created';
  } else {
    const existing = await repo.lockCustomer(trx, v.yardId, customerId);
    if (!existing) throw new Error('The customer the preview found is gone.');
    const contacts = await repo.contacts(trx, v.yardId, customerId);
    const change = customerChanges(existing, contacts, customer);
    if (Object.keys(change.patch).length || change.contacts.length) {
      if (Object.keys(change.patch).length)
        await repo.updateCustomer(trx, v.yardId, customerId, change.patch, v.now);
      await repo.addContacts(trx, v.yardId, customerId, change.contacts, contacts.length);
      await record('customer', customerId, {
        ...changedFields(existing, change.patch),
        ...(change.contacts.length
          ? { contacts: { before: null, after: change.contacts.map((c) => c.value) } }
          : {}),
      });
      result = 'updated';
    }
  }

  const boats = await repo.boats(trx, v.yardId, customerId);
  let boatsCreated = 0;
  let boatsUpdated = 0;
  for (const row of v.rows) {
    const boat = (row.data as RowData).boat;
    if (!boat) continue;
    const existing = boats.find((b) => boatKey({ hullId: b.hull_id, name: b.name }) === boatKey(boat));
    if (!existing) {
      const values = newBoat(boat);
      const { id } = await repo.insertBoat(trx, v.yardId, customerId, values, v.now);
      boats.push({ id, customer_id: customerId, ...values });
      await record('boat', id, created(values));
      boatsCreated++;
      continue;
    }
    const patch = boatChanges(existing, boat);
    if (!Object.keys(patch).length) continue;
    await repo.updateBoat(trx, v.yardId, existing.id, patch, v.now);
    await record('boat', existing.id, changedFields(existing, patch));
    Object.assign(existing, patch);
    boatsUpdated++;
  }
  if (result === 'unchanged' && boatsCreated + boatsUpdated > 0) result = 'updated';
  return { customerId, result, boatsCreated, boatsUpdated };
}
