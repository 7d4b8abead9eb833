import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/deps.js';
import type { SharedParts } from '../../server/shared-parts.js';
import { createBillingService } from './billing.service.js';
import { createCounterPaymentsService } from './counter-payments.service.js';
import { createEstimatesService } from './estimates.service.js';
import { createInvoicingService } from './invoicing.service.js';
import { orderRoutes } from './orders.routes.js';
import { createOrdersService } from './orders.service.js';
import { offlineProvider, type PaymentProvider } from './payment-provider.js';
import { createPaymentsService } from './payments.service.js';
import { invoiceRoutes } from './staff-invoices.routes.js';
import { stripeProvider } from './stripe-provider.js';

export function paymentProviderFor(config: AppDeps['config']): PaymentProvider {
  return config.payments.provider === 'stripe'
    ? stripeProvider({ secretKey: config.payments.secretKey, webhookSecret: config.payments.webhookSecret })
    : offlineProvider();
}

/** Orders, estimates, invoices and payments, built from the app's parts with the configured payment provider. */
export function ordersPlugin(
  deps: AppDeps,
  shared: Pick<SharedParts, 'sessions' | 'yards'>,
  provider: PaymentProvider = paymentProviderFor(deps.config),
): FastifyPluginAsyncZod {
  const orders = orderRoutes({
    sessions: shared.sessions,
    yards: shared.yards,
    orders: createOrdersService(deps, provider.name),
    estimates: createEstimatesService(deps),
    payments: createPaymentsService(deps, provider),
  });
  const invoices = invoiceRoutes({
    sessions: shared.sessions,
    yards: shared.yards,
    invoicing: createInvoicingService(deps),
    counter: createCounterPaymentsService(deps, provider),
    billing: createBillingService(deps),
  });
  return async (app) => {
    await orders(app, {});
    await invoices(app, {});
  };
}
