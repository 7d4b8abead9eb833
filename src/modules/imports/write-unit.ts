import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { type AuditActor, type AuditEntry, auditRepo, changedFields } from '../audit/audit.repo.js';
import type { ImportRunRepo } from './import-run.repo.js';
import {
  type BoatRecord,
  boatChanges,
  customerChanges,
  newBoat,
  newContacts,
  newCustomer,
} from './record-diff.js';
import { type BoatData, boatKey, type CustomerData } from './row-values.js';

/** A row of a unit as the run reads it again from its cells: the customer's and the boat's values. */
export interface UnitRow {
  file: 'customers' | 'boats';
  row_number: number;
  customer: CustomerData | null;
  boat: BoatData | null;
  customer_id: string | null;
}

const created = (values: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(values)
      .filter(([k, v]) => k !== 'id' && v !== null && v !== '')
      .map(([k, v]) => [k, { before: null, after: v }]),
  );

/**
 * Writes one customer with their boats, in the caller's transaction, with an audit row
 * (action "imported") for each customer and boat it creates or changes, the audit rows
 * and the new boats each in one statement. What changes is decided again against the
 * records as they are now, so a unit written twice (it never is: the unit is taken in the
 * same transaction) would change nothing the second time.
 */
export async function writeUnit(
  trx: Kysely<DB>,
  repo: ImportRunRepo,
  v: { yardId: string; actor: AuditActor; now: Date; customerNumber: number | null; rows: UnitRow[] },
) {
  const first = v.rows[0];
  const customer = first?.customer;
  if (!customer) throw new Error('An import unit starts with its customer row.');
  let customerId = first.customer_id;
  let result: 'created' | 'updated' | 'unchanged' = 'unchanged';
  const entries: AuditEntry[] = [];
  const record = (entity: 'customer' | 'boat', entityId: string, changes: object) =>
    entries.push({
      yardId: v.yardId,
      actor: v.actor,
      entity,
      entityId,
      customerId,
      action: 'imported',
      changes: changes as never,
      at: v.now,
    });

  let boats: BoatRecord[] = [];
  if (!customerId) {
    if (v.customerNumber === null)
      throw new Error('A new customer needs the number handed out at confirmation.');
    const values = newCustomer(customer);
    customerId = (await repo.insertCustomer(trx, v.yardId, v.customerNumber, values, v.now)).id;
    const contacts = newContacts(customer);
    await repo.addContacts(trx, v.yardId, customerId, contacts, 0);
    record('customer', customerId, {
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
      record('customer', customerId, {
        ...changedFields(existing, change.patch),
        ...(change.contacts.length
          ? { contacts: { before: null, after: change.contacts.map((c) => c.value) } }
          : {}),
      });
      result = 'updated';
    }
    // A new customer has no boats yet; an existing one's are locked as they are now.
    boats = await repo.boats(trx, v.yardId, customerId);
  }

  const fresh: (ReturnType<typeof newBoat> & { id: string })[] = [];
  let boatsUpdated = 0;
  for (const row of v.rows) {
    const boat = row.boat;
    if (!boat) continue;
    const existing = boats.find((b) => boatKey({ hullId: b.hull_id, name: b.name }) === boatKey(boat));
    if (!existing) {
      const values = { id: randomUUID(), ...newBoat(boat) };
      fresh.push(values);
      boats.push({ customer_id: customerId, ...values });
      continue;
    }
    const patch = boatChanges(existing, boat);
    if (!Object.keys(patch).length) continue;
    const isNew = fresh.find((b) => b.id === existing.id);
    if (isNew) Object.assign(isNew, patch);
    else {
      await repo.updateBoat(trx, v.yardId, existing.id, patch, v.now);
      record('boat', existing.id, changedFields(existing, patch));
      boatsUpdated++;
    }
    Object.assign(existing, patch);
  }
  await repo.insertBoats(trx, v.yardId, customerId, fresh, v.now);
  for (const b of fresh) record('boat', b.id, created(b));
  await auditRepo(trx).recordMany(entries, trx);
  const boatsCreated = fresh.length;
  if (result === 'unchanged' && boatsCreated + boatsUpdated > 0) result = 'updated';
  return { customerId, result, boatsCreated, boatsUpdated };
}
