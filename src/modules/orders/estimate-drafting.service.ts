// Longer than most files on purpose: every change of a draft estimate (draft, refresh, edit,
// revise, send) with its audit row, so the order-then-estimate lock order is read in one place.
import type { Kysely } from 'kysely';
import type PgBoss from 'pg-boss';
import { executorFor } from '../../db/connection.js';
import type { AuditChanges, DB } from '../../db/schema.js';
import { QUEUES } from '../../jobs/queue.js';
import type { AppDeps } from '../../server/deps.js';
import { AppError, notFound } from '../../server/errors.js';
import { withRequestId } from '../../server/logger.js';
import type {
  CreateEstimateRequest,
  StaffEstimateResponse,
  StaffEstimatesResponse,
  UpdateEstimateRequest,
} from '../../shared/api-types.js';
import { type AuditActor, auditRepo, changedFields } from '../audit/audit.repo.js';
import type { StaffPrincipal } from '../auth/sessions.js';
import { nextYardNumber } from '../yards/yard-counters.repo.js';
import { staffEstimateViews } from './estimate-records.js';
import { type EstimateRow, estimateVersionsRepo } from './estimate-versions.repo.js';
import { copyOrderLines } from './estimate-views.js';
import type { OrderEmailJob } from './order-email-job.js';
import { statusAfterEstimateSent } from './order-status.js';
import { canTransition } from './order-transitions.js';
import { ordersRepo } from './orders.repo.js';

/**
 * Staff's estimates (docs/orders.md, "Estimates"): a draft is made from the order's working
 * lines and re-made from them until it is sent; a sent version is never changed — revising
 * makes the next version, and the version it replaces turns `superseded` when the new one
 * is SENT, so the customer can still answer the old one until the new one reaches them.
 * Locks are taken order first, then estimate, as every other path does.
 */
export function createEstimateDrafting(deps: Pick<AppDeps, 'database' | 'clock'> & { boss: PgBoss }) {
  const { db } = deps.database;
  const repo = estimateVersionsRepo(db);
  const orders = ordersRepo(db);
  const audit = auditRepo(db);

  /** The estimate's audit row, on its order's and its customer's history. */
  const record = (
    trx: Kysely<DB>,
    actor: AuditActor,
    e: Pick<EstimateRow, 'id' | 'order_id' | 'customer_id' | 'yard_id'>,
    action: string,
    changes: AuditChanges,
  ) =>
    audit.record(
      {
        yardId: e.yard_id,
        actor,
        entity: 'estimate',
        entityId: e.id,
        orderId: e.order_id,
        customerId: e.customer_id,
        action,
        changes,
        at: deps.clock.now(),
      },
      trx,
    );
  const money = (e: Pick<EstimateRow, 'total_cents' | 'valid_until' | 'message'>) => ({
    total_cents: e.total_cents,
    valid_until: e.valid_until ? String(e.valid_until).slice(0, 10) : null,
    message: e.message,
  });

  const today = () => deps.clock.now().toISOString().slice(0, 10);
  const plusDays = (days: number) => {
    const d = new Date(`${today()}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  };

  async function list(yardId: string, orderId: string): Promise<StaffEstimatesResponse> {
    if (!(await repo.order(yardId, orderId))) throw notFound('That order');
    return { estimates: await staffEstimateViews(repo, yardId, await repo.ofOrder(yardId, orderId)) };
  }

  async function answer(yardId: string, row: EstimateRow, message: string): Promise<StaffEstimateResponse> {
    const rows = await repo.ofOrder(yardId, row.order_id);
    const views = await staffEstimateViews(repo, yardId, rows);
    return { estimate: views.find((v) => v.id === row.id)!, message };
  }

  /** The estimate of this yard, outside any transaction (to learn its order). */
  async function existing(yardId: string, estimateId: string) {
    const e = await repo.find(yardId, estimateId);
    if (!e) throw notFound('That estimate');
    return e;
  }

  async function create(
    me: StaffPrincipal,
    orderId: string,
    input: CreateEstimateRequest,
    actor: AuditActor,
  ) {
    const order = await repo.order(me.yardId, orderId);
    if (!order) throw notFound('That order');
    const terms = await repo.yardTerms(me.yardId);
    const rates = { labor: terms.tax_labor_bp, parts: terms.tax_parts_bp, fees: terms.tax_fees_bp };
    // Numbers are taken before the transaction: on its own, the counter never waits on it.
    const number = await nextYardNumber(db, me.yardId, 'estimate');
    const row = await db.transaction().execute(async (trx) => {
      const locked = await orders.lockOrder(trx, me.yardId, orderId);
      if (!locked) throw notFound('That order');
      const draft = await repo.draftOfOrder(trx, me.yardId, orderId);
      if (draft) {
        throw new AppError(
          'ESTIMATE_DRAFT_EXISTS',
          `Estimate #${draft.number} is still a draft on this order. Refresh it from the lines or send it.`,
        );
      }
      const { copies, totals } = copyOrderLines(await repo.orderLines(trx, me.yardId, orderId), rates);
      const e = await repo.insert(trx, {
        yard_id: me.yardId,
        order_id: orderId,
        customer_id: locked.customer_id,
        number,
        version: 1,
        status: 'draft',
        subtotal_cents: totals.subtotalCents,
        tax_cents: totals.taxCents,
        total_cents: totals.totalCents,
        tax_labor_bp: rates.labor,
        tax_parts_bp: rates.parts,
        tax_fees_bp: rates.fees,
        valid_until: input.validUntil ?? plusDays(terms.estimate_valid_days),
        message: input.message || null,
        created_by: me.staffId,
      });
      await repo.replaceLines(trx, me.yardId, e.id, copies);
      await record(
        trx,
        actor,
        e,
        'drafted',
        changedFields({}, { number, version: 1, lines: copies.length, ...money(e) }),
      );
      return e;
    });
    return answer(me.yardId, row, `Estimate #${row.number} was drafted from the order's lines.`);
  }

  /** A draft made again from the order's current lines (and yard's current rates). */
  async function refresh(
    me: StaffPrincipal,
    estimateId: string,
    input: UpdateEstimateRequest,
    actor: AuditActor,
  ) {
    const found = await existing(me.yardId, estimateId);
    const terms = await repo.yardTerms(me.yardId);
    const rates = { labor: terms.tax_labor_bp, parts: terms.tax_parts_bp, fees: terms.tax_fees_bp };
    const row = await db.transaction().execute(async (trx) => {
      if (!(await orders.lockOrder(trx, me.yardId, found.order_id))) throw notFound('That order');
      const e = await repo.lock(trx, me.yardId, estimateId);
      if (!e) throw notFound('That estimate');
      if (e.status !== 'draft') throw new AppError('ESTIMATE_NOT_DRAFT');
      const { copies, totals } = copyOrderLines(await repo.orderLines(trx, me.yardId, e.order_id), rates);
      await repo.replaceLines(trx, me.yardId, e.id, copies);
      const after = await repo.updateDraft(trx, e.id, {
        subtotal_cents: totals.subtotalCents,
        tax_cents: totals.taxCents,
        total_cents: totals.totalCents,
        tax_labor_bp: rates.labor,
        tax_parts_bp: rates.parts,
        tax_fees_bp: rates.fees,
        ...editable(input),
      });
      await record(trx, actor, e, 'draft refreshed', changedFields(money(e), after ? money(after) : {}));
      return after;
    });
    return answer(me.yardId, row!, `Estimate #${row!.number} now shows the order's current lines.`);
  }

  const editable = (input: UpdateEstimateRequest) => ({
    ...(input.validUntil !== undefined ? { valid_until: input.validUntil } : {}),
    ...(input.message !== undefined ? { message: input.message || null } : {}),
  });

  /** The expiry date or message of a draft. */
  async function update(
    me: StaffPrincipal,
    estimateId: string,
    input: UpdateEstimateRequest,
    actor: AuditActor,
  ) {
    const found = await existing(me.yardId, estimateId);
    const row = await db.transaction().execute(async (trx) => {
      const e = await repo.lock(trx, me.yardId, estimateId);
      if (!e) throw notFound('That estimate');
      if (e.status !== 'draft') throw new AppError('ESTIMATE_NOT_DRAFT');
      const after = await repo.updateDraft(trx, e.id, editable(input));
      await record(trx, actor, e, 'draft changed', changedFields(money(e), after ? money(after) : {}));
      return after;
    });
    return answer(me.yardId, row ?? found, `Estimate #${found.number} was saved.`);
  }

  /** The next version of a sent, accepted or declined estimate, drafted from the order's lines. */
  async function revise(me: StaffPrincipal, estimateId: string, actor: AuditActor) {
    const found = await existing(me.yardId, estimateId);
    const terms = await repo.yardTerms(me.yardId);
    const rates = { labor: terms.tax_labor_bp, parts: terms.tax_parts_bp, fees: terms.tax_fees_bp };
    const row = await db.transaction().execute(async (trx) => {
      if (!(await orders.lockOrder(trx, me.yardId, found.order_id))) throw notFound('That order');
      const e = await repo.lock(trx, me.yardId, estimateId);
      if (!e) throw notFound('That estimate');
      const [newest] = await repo.versionsOf(trx, me.yardId, e.number);
      if (newest.status === 'draft') {
        throw new AppError(
          'ESTIMATE_DRAFT_EXISTS',
          `Version ${newest.version} of estimate #${e.number} is already a draft. Refresh or send it.`,
        );
      }
      if (newest.id !== e.id || !['sent', 'accepted', 'declined', 'expired'].includes(e.status)) {
        throw new AppError('ESTIMATE_NOT_REVISABLE');
      }
      const { copies, totals } = copyOrderLines(await repo.orderLines(trx, me.yardId, e.order_id), rates);
      const next = await repo.insert(trx, {
        yard_id: me.yardId,
        order_id: e.order_id,
        customer_id: e.customer_id,
        number: e.number,
        version: e.version + 1,
        previous_id: e.id,
        status: 'draft',
        subtotal_cents: totals.subtotalCents,
        tax_cents: totals.taxCents,
        total_cents: totals.totalCents,
        tax_labor_bp: rates.labor,
        tax_parts_bp: rates.parts,
        tax_fees_bp: rates.fees,
        valid_until: plusDays(terms.estimate_valid_days),
        message: e.message,
        created_by: me.staffId,
      });
      await repo.replaceLines(trx, me.yardId, next.id, copies);
      await record(
        trx,
        actor,
        next,
        'new version',
        changedFields({ version: e.version, ...money(e) }, { version: next.version, ...money(next) }),
      );
      return next;
    });
    return answer(
      me.yardId,
      row,
      `Version ${row.version} of estimate #${row.number} was drafted. Version ${found.version} stays open for the customer until you send this one.`,
    );
  }

  /**
   * Sends a draft (older versions turn `superseded`) or sends a sent version again (same
   * version, a new email). The order waits for the answer; the customer gets the link and
   * the PDF.
   */
  async function send(me: StaffPrincipal, estimateId: string, actor: AuditActor) {
    const found = await existing(me.yardId, estimateId);
    const now = deps.clock.now();
    const again = await db.transaction().execute(async (trx) => {
      const order = await orders.lockOrder(trx, me.yardId, found.order_id);
      if (!order) throw notFound('That order');
      const e = await repo.lock(trx, me.yardId, estimateId);
      if (!e) throw notFound('That estimate');
      if (e.status !== 'draft' && e.status !== 'sent') {
        throw new AppError(
          'ESTIMATE_NOT_DRAFT',
          `Estimate #${e.number} version ${e.version} is ${e.status}. Revise it to send a new version.`,
        );
      }
      if (e.status === 'draft' && e.valid_until && String(e.valid_until).slice(0, 10) < today()) {
        throw new AppError('VALIDATION', 'Its expiry date has passed. Set a later date before sending it.');
      }
      await repo.markSent(trx, e.id, now);
      await record(trx, actor, e, e.status === 'sent' ? 'sent again' : 'sent', {
        status: { before: e.status, after: 'sent' },
      });
      if (e.status === 'draft') await repo.supersedeOlder(trx, me.yardId, e.number, e.version);
      const to = statusAfterEstimateSent(order.status);
      if (to !== order.status && canTransition(order.status, to)) {
        await orders.setStatus(trx, {
          yardId: me.yardId,
          orderId: order.id,
          from: order.status,
          to,
          at: now,
          staffId: me.staffId,
          note: `Estimate #${e.number}${e.version > 1 ? ` version ${e.version}` : ''} sent`,
        });
      }
      const job: OrderEmailJob = { kind: 'estimate', yardId: me.yardId, estimateId: e.id };
      await deps.boss.send(QUEUES.orderEmail, withRequestId(job), { db: executorFor(trx) });
      return e.status === 'sent';
    });
    return answer(
      me.yardId,
      found,
      again
        ? `Estimate #${found.number} was sent again. The customer gets a new email with the link and the PDF.`
        : `Estimate #${found.number} was sent. The customer gets an email with the link and the PDF.`,
    );
  }

  /** Sends the order's newest estimate version exactly as `send` does. */
  async function sendLatestOfOrder(me: StaffPrincipal, orderId: string, actor: AuditActor) {
    if (!(await repo.order(me.yardId, orderId))) throw notFound('That order');
    const newest = await repo.newestOfOrder(me.yardId, orderId);
    if (!newest) throw new AppError('NO_ESTIMATE', 'This order has no estimate to send yet.');
    return send(me, newest.id, actor);
  }

  return { list, create, refresh, update, revise, send, sendLatestOfOrder };
}

export type EstimateDrafting = ReturnType<typeof createEstimateDrafting>;
