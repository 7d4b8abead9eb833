import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../server/deps.js';
import type { SharedParts } from '../../server/shared-parts.js';
import { createBillingService } from './billing.service.js';
import { createCounterPaymentsService } from './counter-payments.service.js';
import { createEstimateDrafting } from './estimate-drafting.service.js';
import { createEstimatesService } from './estimates.service.js';
import { createInvoicingService } from './invoicing.service.js';
import { orderRoutes } from './orders.routes.js';
import { createOrdersService } from './orders.service.js';
import { offlineProvider, type PaymentProvider } from './payment-provider.js';
import { createPaymentsService } from './payments.service.js';
import { createReceiptsService } from './receipts.service.js';
import { savedCardRoutes } from './saved-cards.routes.js';
import { createSavedCardsService } from './saved-cards.service.js';
import { staffEstimateRoutes } from './staff-estimates.routes.js';
import { invoiceRoutes } from './staff-invoices.routes.js';
import { stripeProvider } from './stripe-provider.js';

export function paymentProviderFor(config: AppDeps['config']): PaymentProvider {
  return config.payments.provider === 'stripe' ? stripeProvider(config.payments) : offlineProvider();
}

/**
 * Orders, estimates (portal answers, staff versions, PDFs), invoices, payments and refunds,
 * saved cards and receipts,
 * built from the app's parts with the configured payment provider.
 */
export function ordersPlugin(
  deps: AppDeps,
  shared: Pick<SharedParts, 'sessions' | 'yards'>,
  provider: PaymentProvider = deps.paymentProvider ?? paymentProviderFor(deps.config),
) {
  const invoicing = createInvoicingService(deps);
  const drafting = createEstimateDrafting(deps);
  const portalAndOrders = orderRoutes({
    sessions: shared.sessions,
    yards: shared.yards,
    orders: createOrdersService(deps, provider.name),
    estimates: createEstimatesService(deps),
    payments: createPaymentsService(deps, provider),
    invoicing,
    drafting,
  });
  const estimates = staffEstimateRoutes({
    sessions: shared.sessions,
    yards: shared.yards,
    drafting,
    database: deps.database,
  });
  const invoices = invoiceRoutes({
    sessions: shared.sessions,
    yards: shared.yards,
    invoicing,
    counter: createCounterPaymentsService(deps, provider),
    billing: createBillingService(deps),
  });
  const cards = savedCardRoutes({
    sessions: shared.sessions,
    yards: shared.yards,
    cards: createSavedCardsService(deps, provider),
    receipts: createReceiptsService(deps),
  });
  return async (app: FastifyInstance) => {
    await app.register(portalAndOrders);
    await app.register(cards);
    await app.register(estimates);
    await app.register(invoices);
  };
}
