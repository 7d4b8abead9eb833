import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AppDeps } from '../../server/deps.js';
import { AppError, notFound } from '../../server/errors.js';
import { logger } from '../../server/logger.js';
import type { SavedCardView } from '../../shared/api-types.js';
import { type AuditActor, auditRepo } from '../audit/audit.repo.js';
import type { CustomerPrincipal } from '../auth/sessions.js';
import type { OfflineCardEntry, PaymentProvider } from './payment-provider.js';
import { type SavedCardRow, savedCardsRepo } from './saved-cards.repo.js';

type Me = Pick<CustomerPrincipal, 'yardId' | 'customerId'>;

/** "Visa •••• 4242": how a saved card is named on screens, receipts and the PDF. */
export const cardLabel = (c: { brand: string; last4: string }) => `${c.brand} •••• ${c.last4}`;

/** A card is good through the last day of its expiry month. */
export function cardExpired(c: { exp_month: number; exp_year: number }, now: Date) {
  return c.exp_year * 12 + c.exp_month < now.getUTCFullYear() * 12 + now.getUTCMonth() + 1;
}

const declined = (code: string, message: string) => new AppError('CARD_DECLINED', message, { reason: code });

/**
 * Saving cards through the payment provider and managing them (docs/saved-cards.md). The
 * provider is never asked inside a transaction; what it answers is written in a short one,
 * with the card's setup row locked so a double submit saves one card.
 */
export function createSavedCardsService(
  deps: Pick<AppDeps, 'database' | 'clock'>,
  provider: PaymentProvider,
) {
  const { db } = deps.database;
  const repo = savedCardsRepo(db);
  const audit = auditRepo(db);
  const cards = () => {
    if (!provider.cards)
      throw new AppError('NOT_FOUND', 'This yard cannot save cards with its payment provider.');
    return provider.cards;
  };

  const view = (c: SavedCardRow): SavedCardView => ({
    id: c.id,
    brand: c.brand,
    last4: c.last4,
    expMonth: c.exp_month,
    expYear: c.exp_year,
    isDefault: c.is_default,
    expired: cardExpired(c, deps.clock.now()),
    label: cardLabel(c),
    createdAt: c.created_at.toISOString(),
  });

  async function list(yardId: string, customerId: string) {
    return (await repo.listCards(yardId, customerId)).map(view);
  }

  /** The customer's id at the provider, made the first time (idempotent by its key). */
  async function providerCustomer(me: Me) {
    const known = await repo.paymentCustomer(db, me.yardId, me.customerId, provider.name);
    if (known) return known.provider_customer_ref;
    const ref = await cards().ensureCustomer({
      idempotencyKey: `slipway-customer-${me.customerId}`,
      metadata: { yardId: me.yardId, customerId: me.customerId },
    });
    await repo.addPaymentCustomer(db, { ...me, provider: provider.name, ref, at: deps.clock.now() });
    // Two first requests at once: the row stored first is the one used.
    return (await repo.paymentCustomer(db, me.yardId, me.customerId, provider.name))!.provider_customer_ref;
  }

  /** Starts saving a card: the provider's setup intent and its client secret for the browser. */
  async function startSetup(me: Me) {
    const customerRef = await providerCustomer(me);
    const setup = await repo.insertSetup(db, { ...me, provider: provider.name, at: deps.clock.now() });
    const started = await cards().startCardSetup({
      customerRef,
      idempotencyKey: `slipway-setup-${setup.id}`,
      metadata: { yardId: me.yardId, customerId: me.customerId, setupId: setup.id },
    });
    await repo.setSetup(db, setup.id, { at: deps.clock.now(), providerRef: started.reference });
    // Stripe.js needs both in the browser; the built-in provider has no publishable key.
    return {
      setupId: setup.id,
      clientSecret: started.clientSecret,
      provider: provider.name,
      publishableKey: provider.publishableKey ?? null,
    };
  }

  /**
   * Finishes saving: asks the provider how the setup ended and stores the card. A second
   * confirm of a saved setup answers the same card; a declined one may be tried again.
   */
  async function confirmSetup(
    me: Me,
    setupId: string,
    entry: Partial<OfflineCardEntry>,
    actor: AuditActor,
  ): Promise<{ card: SavedCardView; cards: SavedCardView[] }> {
    const setup = await repo.findSetup(db, me.yardId, me.customerId, setupId);
    if (!setup || setup.provider !== provider.name) throw notFound('That card setup');
    if (setup.status === 'succeeded') return answer(me, (await repo.cardOfSetup(db, setup.id))!);
    if (!setup.provider_ref) throw new AppError('CARD_SETUP_PENDING');
    const offlineEntry = offlineCardEntry(entry);
    const customerRef = await providerCustomer(me);
    const result = await cards().finishCardSetup({
      reference: setup.provider_ref,
      customerRef,
      entry: offlineEntry,
    });
    const now = deps.clock.now();
    if (result.status === 'pending') throw new AppError('CARD_SETUP_PENDING');
    if (result.status === 'declined') {
      await repo.setSetup(db, setup.id, { at: now, status: 'declined', failureMessage: result.message });
      throw declined(result.code, result.message);
    }
    const saved = await db.transaction().execute(async (trx) => {
      const locked = (await repo.findSetup(trx, me.yardId, me.customerId, setup.id, true))!;
      // A double submit: the first one saved it.
      if (locked.status === 'succeeded') return (await repo.cardOfSetup(trx, setup.id))!;
      const existing = await repo.lockCards(trx, me.yardId, me.customerId);
      const card = await repo.insertCard(trx, {
        ...me,
        provider: provider.name,
        providerRef: result.paymentMethodRef,
        setupId: setup.id,
        ...result.card,
        isDefault: existing.length === 0,
        at: now,
      });
      await repo.setSetup(trx, setup.id, { at: now, status: 'succeeded', failureMessage: null });
      await audited(trx, me, actor, 'card_saved', { card: { before: null, after: cardLabel(card) } });
      return card;
    });
    return answer(me, saved);
  }

  function offlineCardEntry(entry: Partial<OfflineCardEntry>): OfflineCardEntry | undefined {
    if (provider.name !== 'offline') return undefined;
    if (!entry.cardNumber || !entry.expMonth || !entry.expYear) {
      throw new AppError('VALIDATION', 'Enter the card number and its expiry month and year.');
    }
    if (cardExpired({ exp_month: entry.expMonth, exp_year: entry.expYear }, deps.clock.now())) {
      throw new AppError('CARD_EXPIRED', 'The expiry date has passed. Check the date or use another card.');
    }
    return entry as OfflineCardEntry;
  }

  async function answer(me: Me, card: SavedCardRow) {
    return { card: view(card), cards: await list(me.yardId, me.customerId) };
  }

  function audited(
    trx: Kysely<DB>,
    me: Me,
    actor: AuditActor,
    action: string,
    changes: Record<string, { before: unknown; after: unknown }>,
  ) {
    return audit.record(
      {
        yardId: me.yardId,
        actor,
        entity: 'customer',
        entityId: me.customerId,
        customerId: me.customerId,
        action,
        changes,
        at: deps.clock.now(),
      },
      trx,
    );
  }

  async function setDefault(me: Me, cardId: string, actor: AuditActor) {
    await db.transaction().execute(async (trx) => {
      await repo.lockCards(trx, me.yardId, me.customerId);
      const card = await repo.findCard(trx, me.yardId, me.customerId, cardId);
      if (!card) throw notFound('That card');
      if (card.is_default) return;
      await repo.makeDefault(trx, me.yardId, me.customerId, card.id);
      await audited(trx, me, actor, 'default_card_changed', {
        default_card: { before: null, after: cardLabel(card) },
      });
    });
    return list(me.yardId, me.customerId);
  }

  /**
   * Removes a card: never shown or charged again (the row stays for the payments made with
   * it); the newest other card becomes the default. The provider detaches it afterwards.
   */
  async function remove(me: Me, cardId: string, actor: AuditActor) {
    const card = await db.transaction().execute(async (trx) => {
      const all = await repo.lockCards(trx, me.yardId, me.customerId);
      const card = await repo.findCard(trx, me.yardId, me.customerId, cardId);
      if (!card) throw notFound('That card');
      await repo.removeCard(trx, me.yardId, me.customerId, card.id, deps.clock.now());
      const next = all.find((c) => c.id !== card.id);
      if (card.is_default && next) await repo.makeDefault(trx, me.yardId, me.customerId, next.id);
      await audited(trx, me, actor, 'card_removed', { card: { before: cardLabel(card), after: null } });
      return card;
    });
    try {
      await cards().removeCard(card.provider_ref);
    } catch (err) {
      // Removed here already: it is never offered or charged again. Logged for the office.
      logger().warn({ err, cardId: card.id }, 'the payment provider did not detach a removed card');
    }
    return list(me.yardId, me.customerId);
  }

  /** For staff: a customer of their yard's cards; 404 for a customer of another yard. */
  async function ofCustomer(yardId: string, customerId: string) {
    if (!(await repo.customerInYard(yardId, customerId))) throw notFound('That customer');
    return list(yardId, customerId);
  }

  return { list, ofCustomer, startSetup, confirmSetup, setDefault, remove, provider: provider.name };
}

export type SavedCardsService = ReturnType<typeof createSavedCardsService>;
