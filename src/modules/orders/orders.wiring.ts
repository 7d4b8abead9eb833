import type { AppDeps } from '../../server/deps.js';
import type { SharedParts } from '../../server/shared-parts.js';
import { createEstimatesService } from './estimates.service.js';
import { orderRoutes } from './orders.routes.js';
import { createOrdersService } from './orders.service.js';
import { offlineProvider, type PaymentProvider } from './payment-provider.js';
import { createPaymentsService } from './payments.service.js';
import { stripeProvider } from './stripe-provider.js';

export function paymentProviderFor(config: AppDeps['config']): PaymentProvider {
  return config.payments.provider === 'stripe'
    ? stripeProvider({ secretKey: config.payments.secretKey, webhookSecret: config.payments.webhookSecret })
    : offlineProvider();
}

/** Orders, estimates and payments, built from the app's parts with the configured payment provider. */
export function ordersPlugin(
  deps: AppDeps,
  shared: Pick<SharedParts, 'sessions' | 'yards'>,
  provider: PaymentProvider = paymentProviderFor(deps.config),
) {
  return orderRoutes({
    sessions: shared.sessions,
    yards: shared.yards,
    orders: createOrdersService(deps, provider.name),
    estimates: createEstimatesService(deps),
    payments: createPaymentsService(deps, provider),
  });
}
