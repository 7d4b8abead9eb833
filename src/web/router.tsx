// Longer than most files on purpose: one tree of every page's route, so typed links are
// checked against all of them and a reader sees the app's addresses in one place.
import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  Link,
  lazyRouteComponent,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import type { BatchPreviewOutcome, BatchRowResult } from '../shared/api-types';
import { PREVIEW_OUTCOMES, ROW_RESULTS } from '../shared/bulk-invite-words';
import { EmptyState, Spinner } from './ui/card';
import { useDocumentTitle } from './ui/document-title';
import { oneOf, parseSearch, stringifySearch, text } from './ui/search-params';

/**
 * Every page of the app, typed. The three areas — the staff dashboard, the customer portal
 * and the dev mailbox — are loaded on demand, each as its own bundle (app/dashboard-area.ts,
 * portal/portal-area.ts, mailbox/mailbox-area.ts), so a customer opening an invite link never downloads
 * the dashboard.
 */

const app = () => import('./app/dashboard-area');
const portal = () => import('./portal/portal-area');
const mailbox = () => import('./mailbox/mailbox-area');

function NotFound() {
  useDocumentTitle('Page not found');
  return (
    <main className="center-page">
      <div className="card auth-card">
        <EmptyState title="This page does not exist">
          <Link to="/app/customers">Go to the dashboard</Link>
        </EmptyState>
      </div>
    </main>
  );
}

const rootRoute = createRootRouteWithContext<{ queryClient: QueryClient }>()({
  component: Outlet,
  notFoundComponent: NotFound,
});

const toDashboard = () => {
  throw redirect({ to: '/app/customers', replace: true });
};

const indexRoute = createRoute({ getParentRoute: () => rootRoute, path: '/', beforeLoad: toDashboard });

// ---- Staff dashboard: /app ----

const appRoute = createRoute({ getParentRoute: () => rootRoute, path: 'app' });
const appIndexRoute = createRoute({ getParentRoute: () => appRoute, path: '/', beforeLoad: toDashboard });

const staffSignInRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'sign-in',
  validateSearch: (s: Record<string, unknown>): { next?: string } => ({ next: text(s.next) }),
  component: lazyRouteComponent(app, 'StaffSignInPage'),
});

/** A new staff member's link from their email: pick a password, then into the dashboard. */
const StaffWelcomePage = lazyRouteComponent(app, 'StaffWelcomePage');
const staffWelcomeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'welcome/$token',
  component: () => <StaffWelcomePage token={staffWelcomeRoute.useParams().token} />,
});

/** Checks the session, then shows the top bar and the page. */
const staffRoute = createRoute({
  getParentRoute: () => appRoute,
  id: 'staff',
  component: lazyRouteComponent(app, 'StaffShell'),
});

const customersRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'customers',
  validateSearch: (
    s: Record<string, unknown>,
  ): { q?: string; portal?: string; balance?: string; archived?: string } => ({
    q: text(s.q),
    portal: text(s.portal),
    balance: text(s.balance),
    archived: text(s.archived),
  }),
  component: lazyRouteComponent(app, 'CustomersPage'),
});

const CustomerProfilePage = lazyRouteComponent(app, 'CustomerProfilePage');
const customerRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'customers/$id',
  remountDeps: ({ params }) => params.id,
  component: () => <CustomerProfilePage id={customerRoute.useParams().id} />,
});

const ordersRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'orders',
  validateSearch: (
    s: Record<string, unknown>,
  ): { q?: string; status?: string; from?: string; to?: string; boatId?: string; customerId?: string } => ({
    q: text(s.q),
    status: text(s.status),
    from: text(s.from),
    to: text(s.to),
    boatId: text(s.boatId),
    customerId: text(s.customerId),
  }),
  component: lazyRouteComponent(app, 'OrdersPage'),
});

const OrderPage = lazyRouteComponent(app, 'OrderPage');
const orderRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'orders/$id',
  remountDeps: ({ params }) => params.id,
  component: () => <OrderPage id={orderRoute.useParams().id} />,
});

const messagesInboxRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'messages',
  validateSearch: (s: Record<string, unknown>): { unread?: string; customerId?: string } => ({
    unread: s.unread === 'true' ? 'true' : undefined,
    customerId: text(s.customerId),
  }),
  component: () => {
    const { unread, customerId } = messagesInboxRoute.useSearch();
    return <MessagesInboxPage unread={unread === 'true'} customerId={customerId} />;
  },
});
const MessagesInboxPage = lazyRouteComponent(app, 'MessagesInboxPage');
const StaffThreadPage = lazyRouteComponent(app, 'StaffThreadPage');
const staffOrderThreadRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'messages/orders/$id',
  remountDeps: ({ params }) => params,
  component: () => <StaffThreadPage thread={{ orderId: staffOrderThreadRoute.useParams().id }} />,
});
const staffGeneralThreadRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'messages/general/$id',
  remountDeps: ({ params }) => params,
  component: () => <StaffThreadPage thread={{ customerId: staffGeneralThreadRoute.useParams().id }} />,
});

const activityRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'activity',
  component: lazyRouteComponent(app, 'ActivityPage'),
});

const auditRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'audit',
  validateSearch: (
    s: Record<string, unknown>,
  ): {
    entity?: string;
    action?: string;
    staffId?: string;
    customerId?: string;
    orderId?: string;
    from?: string;
    to?: string;
  } => ({
    entity: text(s.entity),
    action: text(s.action),
    staffId: text(s.staffId),
    customerId: text(s.customerId),
    orderId: text(s.orderId),
    from: text(s.from),
    to: text(s.to),
  }),
  component: lazyRouteComponent(app, 'AuditPage'),
});

const catalogRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'catalog',
  component: lazyRouteComponent(app, 'CatalogPage'),
});

const remindersRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'reminders',
  component: lazyRouteComponent(app, 'RemindersPage'),
});

const inviteTemplateRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'settings/invite-email',
  component: lazyRouteComponent(app, 'InviteTemplatePage'),
});

const yardSettingsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'settings/yard',
  component: lazyRouteComponent(app, 'YardSettingsPage'),
});

const staffUsersRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'settings/staff',
  component: lazyRouteComponent(app, 'StaffUsersPage'),
});
const importRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'import',
  component: lazyRouteComponent(app, 'ImportPage'),
});

const bulkInvitesRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'invites',
  component: lazyRouteComponent(app, 'BulkInvitesPage'),
});

const InviteBatchPage = lazyRouteComponent(app, 'InviteBatchPage');
const inviteBatchRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'invites/$id',
  validateSearch: (
    s: Record<string, unknown>,
  ): { preview?: BatchPreviewOutcome; result?: BatchRowResult } => ({
    preview: oneOf(PREVIEW_OUTCOMES, s.preview),
    result: oneOf(ROW_RESULTS, s.result),
  }),
  remountDeps: ({ params }) => params.id,
  component: () => <InviteBatchPage id={inviteBatchRoute.useParams().id} />,
});

/** Any other dashboard address goes to the customer list. */
const staffFallbackRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '$',
  beforeLoad: toDashboard,
});

// ---- Customer portal: /portal/:yard ----

const portalRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'portal/$yard',
  remountDeps: ({ params }) => params.yard,
});

/** The signed-in pages share one header and one `/me`, loaded once for all of them. */
const PortalShell = lazyRouteComponent(portal, 'PortalShell');
const portalSignedInRoute = createRoute({
  getParentRoute: () => portalRoute,
  id: 'signed-in',
  component: () => (
    <PortalShell yard={portalSignedInRoute.useParams().yard}>
      <Outlet />
    </PortalShell>
  ),
});

const portalHomeRoute = createRoute({
  getParentRoute: () => portalSignedInRoute,
  path: '/',
  component: lazyRouteComponent(portal, 'PortalHomePage'),
});

const portalAccountRoute = createRoute({
  getParentRoute: () => portalSignedInRoute,
  path: 'account',
  component: lazyRouteComponent(portal, 'AccountPage'),
});

const savedCardsRoute = createRoute({
  getParentRoute: () => portalSignedInRoute,
  path: 'cards',
  component: lazyRouteComponent(portal, 'SavedCardsPage'),
});

const receiptsRoute = createRoute({
  getParentRoute: () => portalSignedInRoute,
  path: 'receipts',
  component: lazyRouteComponent(portal, 'ReceiptsPage'),
});

const PortalReceiptPage = lazyRouteComponent(portal, 'ReceiptPage');
const receiptRoute = createRoute({
  getParentRoute: () => portalSignedInRoute,
  path: 'receipts/$id',
  remountDeps: ({ params }) => params,
  component: () => <PortalReceiptPage {...receiptRoute.useParams()} />,
});

const requestServiceRoute = createRoute({
  getParentRoute: () => portalSignedInRoute,
  path: 'request-service',
  // A service reminder's email links here with the boat and the service filled in.
  validateSearch: (s: Record<string, unknown>): { boat?: string; service?: string } => ({
    boat: text(s.boat),
    service: text(s.service),
  }),
  component: lazyRouteComponent(portal, 'RequestServicePage'),
});

const PortalBoatPage = lazyRouteComponent(portal, 'PortalBoatPage');
const portalBoatRoute = createRoute({
  getParentRoute: () => portalSignedInRoute,
  path: 'boats/$id',
  remountDeps: ({ params }) => params,
  component: () => <PortalBoatPage id={portalBoatRoute.useParams().id} />,
});

const PortalOrderPage = lazyRouteComponent(portal, 'PortalOrderPage');
const portalOrderRoute = createRoute({
  getParentRoute: () => portalSignedInRoute,
  path: 'orders/$id',
  remountDeps: ({ params }) => params,
  component: () => <PortalOrderPage {...portalOrderRoute.useParams()} />,
});

const portalMessagesRoute = createRoute({
  getParentRoute: () => portalSignedInRoute,
  path: 'messages',
  component: lazyRouteComponent(portal, 'PortalMessagesPage'),
});

const PortalThreadPage = lazyRouteComponent(portal, 'PortalThreadPage');
const portalGeneralThreadRoute = createRoute({
  getParentRoute: () => portalSignedInRoute,
  path: 'messages/general',
  // Whose general thread a message email is about (a sign-in may reach several records).
  validateSearch: (s: Record<string, unknown>): { record?: string } => ({ record: text(s.record) }),
  component: () => <PortalThreadPage record={portalGeneralThreadRoute.useSearch().record} />,
});
const portalOrderThreadRoute = createRoute({
  getParentRoute: () => portalSignedInRoute,
  path: 'messages/orders/$id',
  remountDeps: ({ params }) => params,
  component: () => <PortalThreadPage orderId={portalOrderThreadRoute.useParams().id} />,
});

const PortalSignInPage = lazyRouteComponent(portal, 'PortalSignInPage');
const portalSignInRoute = createRoute({
  getParentRoute: () => portalRoute,
  path: 'sign-in',
  component: () => <PortalSignInPage yard={portalSignInRoute.useParams().yard} />,
});

const ForgotPasswordPage = lazyRouteComponent(portal, 'ForgotPasswordPage');
const forgotPasswordRoute = createRoute({
  getParentRoute: () => portalRoute,
  path: 'forgot-password',
  component: () => <ForgotPasswordPage yard={forgotPasswordRoute.useParams().yard} />,
});

const AcceptPage = lazyRouteComponent(portal, 'AcceptPage');
const acceptRoute = createRoute({
  getParentRoute: () => portalRoute,
  path: 'accept/$token',
  remountDeps: ({ params }) => params,
  component: () => <AcceptPage {...acceptRoute.useParams()} />,
});

const AccessAcceptPage = lazyRouteComponent(portal, 'AccessAcceptPage');
const accessAcceptRoute = createRoute({
  getParentRoute: () => portalRoute,
  path: 'access/$token',
  remountDeps: ({ params }) => params,
  component: () => <AccessAcceptPage {...accessAcceptRoute.useParams()} />,
});

const ResetPage = lazyRouteComponent(portal, 'ResetPage');
const resetRoute = createRoute({
  getParentRoute: () => portalRoute,
  path: 'reset/$token',
  remountDeps: ({ params }) => params,
  component: () => <ResetPage {...resetRoute.useParams()} />,
});

const ConfirmEmailPage = lazyRouteComponent(portal, 'ConfirmEmailPage');
const confirmEmailRoute = createRoute({
  getParentRoute: () => portalRoute,
  path: 'confirm-email/$token',
  remountDeps: ({ params }) => params,
  component: () => <ConfirmEmailPage {...confirmEmailRoute.useParams()} />,
});

// ---- The built-in mail catcher's inbox: /mailbox ----

const mailboxRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'mailbox',
  validateSearch: (s: Record<string, unknown>): { id?: string } => ({ id: text(s.id) }),
  component: lazyRouteComponent(mailbox, 'MailboxPage'),
});

const routeTree = rootRoute.addChildren([
  indexRoute,
  appRoute.addChildren([
    appIndexRoute,
    staffSignInRoute,
    staffWelcomeRoute,
    staffRoute.addChildren([
      customersRoute,
      customerRoute,
      ordersRoute,
      orderRoute,
      messagesInboxRoute,
      staffOrderThreadRoute,
      staffGeneralThreadRoute,
      activityRoute,
      auditRoute,
      catalogRoute,
      remindersRoute,
      inviteTemplateRoute,
      importRoute,
      yardSettingsRoute,
      staffUsersRoute,
      bulkInvitesRoute,
      inviteBatchRoute,
      staffFallbackRoute,
    ]),
  ]),
  portalRoute.addChildren([
    portalSignedInRoute.addChildren([
      portalHomeRoute,
      portalAccountRoute,
      savedCardsRoute,
      receiptsRoute,
      receiptRoute,
      requestServiceRoute,
      portalBoatRoute,
      portalOrderRoute,
      portalMessagesRoute,
      portalGeneralThreadRoute,
      portalOrderThreadRoute,
    ]),
    portalSignInRoute,
    forgotPasswordRoute,
    acceptRoute,
    accessAcceptRoute,
    resetRoute,
    confirmEmailRoute,
  ]),
  mailboxRoute,
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    parseSearch,
    stringifySearch,
    trailingSlash: 'never',
    scrollRestoration: false,
    defaultPendingComponent: () => <Spinner />,
    defaultNotFoundComponent: NotFound,
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;

declare module '@tanstack/react-router' {
  interface Register {
    router: AppRouter;
  }
}
