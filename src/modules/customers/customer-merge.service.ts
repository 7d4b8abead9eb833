import type { Kysely } from 'kysely';
import type { Customer, DB } from '../../db/schema.js';
import type { AppDeps } from '../../server/deps.js';
import { AppError, notFound } from '../../server/errors.js';
import type { MergePreviewResponse, MergeResponse } from '../../shared/api-types.js';
import { emailChangeLinksRepo, resetLinksRepo } from '../accounts/account-tokens.repo.js';
import type { AuditActor } from '../audit/audit.repo.js';
import { auditRepo } from '../audit/audit.repo.js';
import { inviteLinksRepo } from '../invites/invites.repo.js';
import { displayName } from './customer-fields.js';
import { customerMergeRepo, MERGED_TABLES, type MergeCounts } from './customer-merge.repo.js';
import { customerRecordsRepo } from './customer-records.repo.js';

const label = (c: Customer) => `${c.customer_number} ${displayName(c)}`;

/**
 * Merging two customers of a yard into the one kept (docs/customers.md, "Merge"): in one
 * transaction every record of the other moves over, portal accounts are settled, and the
 * other is archived pointing at the one kept. Nothing is deleted.
 */
export function createCustomerMerge(deps: Pick<AppDeps, 'database' | 'clock'>) {
  const { db } = deps.database;
  const repo = customerMergeRepo(db);
  const records = customerRecordsRepo(db);
  const audit = auditRepo(db);
  const inviteLinks = inviteLinksRepo(db);
  const resetLinks = resetLinksRepo(db);
  const emailChangeLinks = emailChangeLinksRepo(db);

  /** Both customers, locked in a fixed order so two merges of the same pair queue, never deadlock. */
  async function sides(trx: Kysely<DB>, yardId: string, keepId: string, mergeId: string) {
    if (keepId === mergeId) throw new AppError('MERGE_SAME_CUSTOMER');
    const [first, second] = [keepId, mergeId].sort();
    const a = await records.lockFull(trx, yardId, first);
    const b = await records.lockFull(trx, yardId, second);
    if (!a || !b) throw notFound('That customer');
    const kept = a.id === keepId ? a : b;
    const merged = a.id === keepId ? b : a;
    for (const c of [kept, merged]) {
      if (c.merged_into) {
        throw new AppError(
          'CUSTOMER_MERGED',
          `Customer ${label(c)} was already merged into another customer.`,
        );
      }
    }
    return { kept, merged };
  }

  async function preview(yardId: string, keepId: string, mergeId: string): Promise<MergePreviewResponse> {
    return db.transaction().execute(async (trx) => {
      const { kept, merged } = await sides(trx, yardId, keepId, mergeId);
      const [moves, keptAccount, mergedAccount] = await Promise.all([
        repo.counts(yardId, merged.id, trx),
        repo.liveAccount(yardId, kept.id, trx),
        repo.liveAccount(yardId, merged.id, trx),
      ]);
      const side = (c: Customer, account: { login_email: string } | undefined) => ({
        id: c.id,
        customerNumber: c.customer_number,
        name: displayName(c),
        email: c.email,
        portalLogin: account?.login_email ?? null,
      });
      return {
        kept: side(kept, keptAccount),
        merged: side(merged, mergedAccount),
        moves,
        needsAccountChoice: !!keptAccount && !!mergedAccount,
      };
    });
  }

  async function merge(
    yardId: string,
    keepId: string,
    actor: AuditActor,
    input: { mergeId: string; keepAccountOf?: 'kept' | 'merged' },
  ): Promise<MergeResponse> {
    const now = deps.clock.now();
    return db.transaction().execute(async (trx) => {
      const { kept, merged } = await sides(trx, yardId, keepId, input.mergeId);
      const keptAccount = await repo.liveAccount(yardId, kept.id, trx);
      const mergedAccount = await repo.liveAccount(yardId, merged.id, trx);
      let disabled: string | null = null;
      if (keptAccount && mergedAccount) {
        if (!input.keepAccountOf) {
          throw new AppError('MERGE_NEEDS_ACCOUNT_CHOICE', undefined, {
            fields: { keepAccountOf: 'Choose whose portal account to keep: kept or merged' },
            kept: keptAccount.login_email,
            merged: mergedAccount.login_email,
          });
        }
        const off = input.keepAccountOf === 'kept' ? mergedAccount : keptAccount;
        await repo.disableAccount(trx, yardId, off.id, now);
        // Links already emailed to it stop working: it cannot reset its password or change its email.
        await resetLinks.supersede(trx, yardId, off.id, now);
        await emailChangeLinks.supersede(trx, yardId, off.id, now);
        disabled = off.login_email;
      }
      // Links sent to the merged customer's address must not open the kept customer's account.
      await inviteLinks.revoke(trx, yardId, merged.id, now);
      // Marked first: the database lets sent invoices and acceptances move only then.
      await repo.markMerged(trx, yardId, merged.id, kept.id, now);
      const moved = {} as MergeCounts;
      for (const table of MERGED_TABLES) {
        moved[table] = await repo.move(trx, table, yardId, merged.id, kept.id);
      }
      await audit.record(
        {
          yardId,
          actor,
          entity: 'customer',
          entityId: kept.id,
          customerId: kept.id,
          action: 'merged',
          changes: {
            merged_customer: { before: null, after: label(merged) },
            moved: { before: null, after: moved },
            ...(disabled && { portal_account_disabled: { before: null, after: disabled } }),
          },
          at: now,
        },
        trx,
      );
      await audit.record(
        {
          yardId,
          actor,
          entity: 'customer',
          entityId: merged.id,
          customerId: merged.id,
          action: 'merged_into',
          changes: {
            merged_into: { before: null, after: label(kept) },
            archived_at: {
              before: merged.archived_at?.toISOString() ?? null,
              after: (merged.archived_at ?? now).toISOString(),
            },
          },
          at: now,
        },
        trx,
      );
      return { customerId: kept.id, moved };
    });
  }

  return { preview, merge };
}

export type CustomerMerge = ReturnType<typeof createCustomerMerge>;
