import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Customer, DB } from '../../db/schema.js';
import type { AppDeps } from '../../server/deps.js';
import { AppError, notFound } from '../../server/errors.js';
import type {
  CreateCustomerRequest,
  UpdateCustomerRequest,
} from '../../shared/api-schemas/customer-records.js';
import type { CustomerDetails, DuplicateMatch } from '../../shared/api-types.js';
import type { AuditActor } from '../audit/audit.repo.js';
import { auditRepo, changedFields } from '../audit/audit.repo.js';
import { inviteLinksRepo } from '../invites/invites.repo.js';
import { portalEventsRepo } from '../invites/portal-events.repo.js';
import { nextYardNumber } from '../yards/yard-counters.repo.js';
import { auditView, contactKeys, customerWrite, displayName } from './customer-fields.js';
import { type ContactRow, customerRecordsRepo } from './customer-records.repo.js';

type CreateInput = z.output<typeof CreateCustomerRequest>;
type UpdateInput = z.output<typeof UpdateCustomerRequest>;

/** The unique key's violation, as the person who typed the number should read it. */
function numberTaken(n: number) {
  const message = `Customer number ${n} is already used by another customer of this yard. Choose another, or leave it empty for the next free number.`;
  return new AppError('CUSTOMER_NUMBER_TAKEN', message, { fields: { customerNumber: message } });
}
/** Like creating one, an edit leaves a name or a company to call the customer by. */
function nameless() {
  const message = 'Enter a first or last name, or a company';
  return new AppError('VALIDATION', message, { fields: { firstName: message } });
}
const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

/** Creating, editing, archiving and restoring customers; every change is in the audit log. */
export function createCustomerRecords(deps: Pick<AppDeps, 'database' | 'clock'>) {
  const { db } = deps.database;
  const repo = customerRecordsRepo(db);
  const audit = auditRepo(db);
  const inviteLinks = inviteLinksRepo(db);
  const events = portalEventsRepo(db);

  async function duplicatesOf(
    yardId: string,
    keys: { emails: string[]; phones: string[] },
    exceptId?: string,
  ) {
    const rows = await repo.withContacts(yardId, keys.emails, keys.phones, exceptId);
    return rows.map(
      (r): DuplicateMatch => ({
        id: r.id,
        customerNumber: r.customer_number,
        name: displayName(r),
        matched: [...(r.by_email ? ['email' as const] : []), ...(r.by_phone ? ['phone' as const] : [])],
        archived: r.archived_at !== null,
      }),
    );
  }

  async function create(yardId: string, actor: AuditActor, input: CreateInput) {
    const write = customerWrite(input, await repo.phoneCountry(yardId));
    if (!input.allowDuplicate) {
      const matches = await duplicatesOf(yardId, contactKeys(write));
      if (matches.length) {
        const m = matches[0];
        throw new AppError(
          'POSSIBLE_DUPLICATE',
          `Already on file: customer ${m.customerNumber}, ${m.name} (same ${m.matched.join(' and ')}). Open that customer, or create anyway.`,
          { matches },
        );
      }
    }
    // Taken before the transaction (see nextYardNumber); a given number is checked inside it.
    const customerNumber = input.customerNumber ?? (await nextYardNumber(db, yardId, 'customer'));
    const now = deps.clock.now();
    try {
      return await db.transaction().execute(async (trx) => {
        if (input.customerNumber !== undefined && (await repo.numberTaken(trx, yardId, customerNumber))) {
          throw numberTaken(customerNumber);
        }
        const row = await repo.insert(trx, yardId, {
          first_name: '',
          last_name: '',
          ...write.columns,
          customer_number: customerNumber,
          created_at: now,
          updated_at: now,
        });
        await writeContacts(trx, yardId, row.id, write);
        await audit.record(
          {
            yardId,
            actor,
            entity: 'customer',
            entityId: row.id,
            customerId: row.id,
            action: 'created',
            changes: changedFields({}, auditView(row, [...(write.emails ?? []), ...(write.phones ?? [])])),
            at: now,
          },
          trx,
        );
        return { id: row.id, customerNumber: row.customer_number };
      });
    } catch (err) {
      throw isUniqueViolation(err) ? numberTaken(customerNumber) : err;
    }
  }

  async function writeContacts(
    trx: Kysely<DB>,
    yardId: string,
    customerId: string,
    write: ReturnType<typeof customerWrite>,
  ) {
    if (write.emails) await repo.replaceContacts(trx, yardId, customerId, 'email', write.emails);
    if (write.phones) await repo.replaceContacts(trx, yardId, customerId, 'phone', write.phones);
  }

  async function locked(trx: Kysely<DB>, yardId: string, id: string): Promise<Customer> {
    const c = await repo.lockFull(trx, yardId, id);
    if (!c) throw notFound('That customer');
    return c;
  }

  /**
   * Edits any field. A changed email voids every invite link sent to the old address in the
   * same transaction, so an old email can never open the account.
   */
  async function update(yardId: string, customerId: string, actor: AuditActor, input: UpdateInput) {
    const write = customerWrite(input, await repo.phoneCountry(yardId));
    const now = deps.clock.now();
    try {
      await db.transaction().execute(async (trx) => {
        const before = await locked(trx, yardId, customerId);
        if (before.merged_into) throw new AppError('CUSTOMER_MERGED');
        const after = { ...before, ...write.columns };
        if (!(after.first_name || after.last_name || after.company)) throw nameless();
        const n = write.columns.customer_number;
        if (
          n !== undefined &&
          n !== before.customer_number &&
          (await repo.numberTaken(trx, yardId, n, customerId))
        ) {
          throw numberTaken(n);
        }
        const contactsBefore = await repo.contacts(yardId, customerId, trx);
        await repo.update(trx, yardId, customerId, write.columns, now);
        await writeContacts(trx, yardId, customerId, write);
        const contactsAfter =
          write.emails || write.phones ? await repo.contacts(yardId, customerId, trx) : contactsBefore;
        const afterView = auditView({ ...before, ...write.columns } as Customer, contactsAfter);
        const beforeView = auditView(before, contactsBefore);
        const touched = Object.fromEntries(
          Object.keys(afterView)
            .filter(
              (k) =>
                k in write.columns ||
                (k === 'other_emails' && write.emails) ||
                (k === 'other_phones' && write.phones),
            )
            .map((k) => [k, afterView[k]]),
        );
        const changes = changedFields(beforeView, touched);
        if (Object.keys(changes).length) {
          await audit.record(
            {
              yardId,
              actor,
              entity: 'customer',
              entityId: customerId,
              customerId,
              action: 'updated',
              changes,
              at: now,
            },
            trx,
          );
        }
        const newEmail = write.columns.email === undefined ? before.email : write.columns.email;
        if ((newEmail ?? '').toLowerCase() !== (before.email ?? '').toLowerCase()) {
          await inviteLinks.revoke(trx, yardId, customerId, now);
          await events.add(
            {
              yardId,
              customerId,
              kind: 'email_changed',
              at: now,
              actorStaffId: actor.staffId ?? null,
              detail: { email: newEmail },
            },
            trx,
          );
        }
      });
    } catch (err) {
      throw isUniqueViolation(err) && write.columns.customer_number !== undefined
        ? numberTaken(write.columns.customer_number)
        : err;
    }
  }

  /**
   * Archived: out of search and lists, cannot be invited or sign in to the portal (their
   * sessions end in the same transaction); every record is kept.
   */
  async function setArchived(yardId: string, customerId: string, actor: AuditActor, archive: boolean) {
    const now = deps.clock.now();
    await db.transaction().execute(async (trx) => {
      const before = await locked(trx, yardId, customerId);
      if (before.merged_into) throw new AppError('CUSTOMER_MERGED');
      if ((before.archived_at !== null) === archive) return;
      const archivedAt = archive ? now : null;
      await repo.setArchived(trx, yardId, customerId, archivedAt, now);
      if (archive) {
        await inviteLinks.revoke(trx, yardId, customerId, now);
        await repo.endPortalSessions(trx, yardId, customerId);
      }
      await audit.record(
        {
          yardId,
          actor,
          entity: 'customer',
          entityId: customerId,
          customerId,
          action: archive ? 'archived' : 'restored',
          changes: changedFields({ archived_at: before.archived_at }, { archived_at: archivedAt }),
          at: now,
        },
        trx,
      );
    });
  }

  /** What staff see beyond the portal's view: further contacts, notes, archive and merge state. */
  return { create, update, setArchived, duplicatesOf };
}

export type CustomerRecords = ReturnType<typeof createCustomerRecords>;

/** The profile's further facts about a customer: other contacts, notes, archive, merge. */
export function detailsView(
  c: Customer,
  contacts: Pick<ContactRow, 'kind' | 'label' | 'value'>[],
  into: {
    id: string;
    customer_number: number;
    first_name: string;
    last_name: string;
    company: string | null;
  } | null,
): CustomerDetails {
  const view = (kind: 'email' | 'phone') =>
    contacts.filter((x) => x.kind === kind).map((x) => ({ value: x.value, label: x.label }));
  return {
    phoneType: c.phone_type,
    otherEmails: view('email'),
    otherPhones: view('phone'),
    notes: c.notes,
    archivedAt: c.archived_at?.toISOString() ?? null,
    mergedInto: into ? { id: into.id, customerNumber: into.customer_number, name: displayName(into) } : null,
  };
}
