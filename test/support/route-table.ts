// Longer than most files on purpose: the permission table lists every route of the app by
// hand in one place (docs/yards.md), with the yard whose records fill in every route's path;
// the permission matrix and the route sweep (src/server/route-sweep.test.ts) both read it.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Database } from '../../src/db/connection.js';
import { hashPassword } from '../../src/modules/accounts/password-hash.js';
import { buildApp } from '../../src/server/app.js';
import { type Access, STAFF_ROLES, type StaffRole } from '../../src/server/permissions.js';
import { acceptedEstimateOrder, billingYard, counterPay, sentInvoice } from './billing-fixtures.js';
import { previewOf } from './bulk-invites.js';
import { STAFF_PASSWORD } from './factories.js';
import type { Agent, Harness } from './harness.js';
import { multipartBody, SAMPLE_PHOTOS } from './photos.js';

/**
 * Who may call every route of the API, written out by hand (docs/yards.md, "Roles"). The
 * test fails when the app has a route this table does not name, or the table names a route
 * the app does not have.
 */
export const MATRIX: Record<string, Access> = {
  'GET /api/csrf': 'public',
  'GET /api/health': 'public',
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /api/openapi.json': 'public',
  'GET /api/mailbox': 'public',
  'GET /api/mailbox/:id': 'public',
  'POST /api/payments/webhook': 'public',

  'POST /api/staff/sign-in': 'public',
  'POST /api/staff/sign-out': 'public',
  'GET /api/staff/me': 'staff:read',

  'GET /api/portal/:yard': 'public',
  'POST /api/portal/:yard/sign-in': 'public',
  'POST /api/portal/:yard/sign-out': 'public',
  'POST /api/portal/:yard/email-change/lookup': 'public',
  'POST /api/portal/:yard/email-change/confirm': 'public',
  'POST /api/portal/:yard/password/forgot': 'public',
  'POST /api/portal/:yard/password/reset/lookup': 'public',
  'POST /api/portal/:yard/password/reset': 'public',
  'POST /api/portal/:yard/invite/lookup': 'public',
  'POST /api/portal/:yard/invite/accept': 'public',
  'POST /api/portal/:yard/invite/request-new': 'public',
  'GET /api/portal/:yard/me': 'customer',
  'PATCH /api/portal/:yard/me': 'customer',
  'POST /api/portal/:yard/me/email': 'customer',
  'POST /api/portal/:yard/me/password': 'customer',
  'POST /api/portal/:yard/me/sign-out-everywhere': 'customer',
  'PATCH /api/portal/:yard/me/notifications': 'customer',
  'GET /api/portal/:yard/orders': 'customer',
  'GET /api/portal/:yard/orders/:id': 'customer',
  'GET /api/portal/:yard/boats/:id': 'customer',
  'POST /api/portal/:yard/estimates/:id/accept': 'customer',
  'POST /api/portal/:yard/estimates/:id/decline': 'customer',
  'GET /api/portal/:yard/estimates/:id/pdf': 'customer',
  'POST /api/portal/:yard/invoices/:id/payments': 'customer',
  'GET /api/portal/:yard/invoices/:id/pdf': 'customer',
  'GET /api/portal/:yard/payments/:id/receipt.pdf': 'customer',
  'GET /api/portal/:yard/cards': 'customer',
  'POST /api/portal/:yard/cards/setups': 'customer',
  'POST /api/portal/:yard/cards/setups/:id/confirm': 'customer',
  'POST /api/portal/:yard/cards/:id/default': 'customer',
  'DELETE /api/portal/:yard/cards/:id': 'customer',
  'GET /api/portal/:yard/receipts': 'customer',
  'GET /api/portal/:yard/receipts/:id': 'customer',
  'POST /api/portal/:yard/service-requests': 'customer',
  'GET /api/portal/:yard/service-requests/:orderId': 'customer',
  'GET /api/portal/:yard/service-requests/:orderId/photos/:photoId': 'customer',
  'GET /api/portal/:yard/orders/:id/updates': 'customer',
  'GET /api/portal/:yard/orders/:id/update-photos/:photoId': 'customer',
  'GET /api/portal/:yard/boats/:id/updates': 'customer',
  'GET /api/portal/:yard/me/passkeys': 'customer',
  'POST /api/portal/:yard/me/passkeys/options': 'customer',
  'POST /api/portal/:yard/me/passkeys': 'customer',
  'POST /api/portal/:yard/me/passkeys/:passkeyId/remove': 'customer',
  'POST /api/portal/:yard/passkeys/sign-in/options': 'public',
  'POST /api/portal/:yard/passkeys/sign-in': 'public',
  'GET /api/portal/:yard/messages': 'customer',
  'GET /api/portal/:yard/messages/general': 'customer',
  'POST /api/portal/:yard/messages/general': 'customer',
  'POST /api/portal/:yard/messages/general/read': 'customer',
  'GET /api/portal/:yard/orders/:id/messages': 'customer',
  'POST /api/portal/:yard/orders/:id/messages': 'customer',
  'POST /api/portal/:yard/orders/:id/messages/read': 'customer',
  'GET /api/portal/:yard/message-attachments/:id': 'customer',
  'POST /api/inbound/email': 'public',
  'GET /api/portal/:yard/boats/:id/reminders': 'customer',
  'GET /api/portal/:yard/access': 'customer',
  'POST /api/portal/:yard/access': 'customer',
  'POST /api/portal/:yard/access/:id/revoke': 'customer',
  'POST /api/portal/:yard/access/acting': 'customer',
  'POST /api/portal/:yard/access/acting/orders/:id': 'customer',
  'POST /api/portal/:yard/access-invite/lookup': 'public',
  'POST /api/portal/:yard/access-invite/accept': 'public',
  'GET /api/staff/customers/:id/access': 'staff:invites',
  'POST /api/staff/customers/:id/access/:grantId/revoke': 'staff:invites',
  'GET /api/staff/customers/:id/access/:grantId/passkeys': 'staff:invites',
  'DELETE /api/staff/customers/:id/access/:grantId/passkeys/:passkeyId': 'staff:records',

  'GET /api/staff/activity': 'staff:read',
  'GET /api/staff/activity/unread-count': 'staff:read',
  'POST /api/staff/activity/read-all': 'staff:read',
  'POST /api/staff/activity/:id/read': 'staff:read',

  'GET /api/staff/customers': 'staff:read',
  'GET /api/staff/customers/:id': 'staff:read',
  'PATCH /api/staff/customers/:id': 'staff:records',
  'POST /api/staff/customers': 'staff:records',
  'POST /api/staff/customers/:id/archive': 'staff:records',
  'POST /api/staff/customers/:id/restore': 'staff:records',
  'GET /api/staff/customers/:id/merge-preview': 'staff:records',
  'POST /api/staff/customers/:id/merge': 'staff:records',
  'POST /api/staff/customers/:id/boats': 'staff:records',
  'GET /api/staff/customers/:id/passkeys': 'staff:read',
  'DELETE /api/staff/customers/:id/passkeys/:passkeyId': 'staff:records',
  'GET /api/staff/boats/:id': 'staff:read',
  'PATCH /api/staff/boats/:id': 'staff:records',
  'POST /api/staff/boats/:id/transfer': 'staff:records',
  'POST /api/staff/boats/:id/archive': 'staff:records',
  'POST /api/staff/boats/:id/restore': 'staff:records',
  'GET /api/staff/boats/:id/status': 'staff:read',
  'POST /api/staff/boats/:id/status': 'staff:work',
  'GET /api/staff/users': 'staff:owner',
  'POST /api/staff/users': 'staff:owner',
  'PATCH /api/staff/users/:id': 'staff:owner',
  'POST /api/staff/users/:id/deactivate': 'staff:owner',
  'POST /api/staff/users/:id/reactivate': 'staff:owner',
  'POST /api/staff/users/:id/resend-invite': 'staff:owner',
  'PUT /api/staff/yard/logo': 'staff:owner',
  'DELETE /api/staff/yard/logo': 'staff:owner',
  'POST /api/staff/imports': 'staff:records',
  'GET /api/staff/imports': 'staff:records',
  'GET /api/staff/imports/:id': 'staff:records',
  'PUT /api/staff/imports/:id/mapping': 'staff:records',
  'GET /api/staff/imports/:id/rows': 'staff:records',
  'POST /api/staff/imports/:id/confirm': 'staff:records',
  'POST /api/staff/imports/:id/discard': 'staff:records',
  'GET /api/staff/imports/:id/report.csv': 'staff:records',
  'POST /api/staff/imports/:id/invite': 'staff:invites',
  'GET /api/staff/audit': 'staff:audit',
  'GET /api/staff/audit.csv': 'staff:audit',
  'GET /api/staff/invite/:token': 'public',
  'POST /api/staff/invite/:token': 'public',
  'POST /api/operator/yards': 'operator',
  'GET /api/yards/:slug/logo': 'public',

  'GET /api/staff/orders': 'staff:read',
  'POST /api/staff/orders': 'staff:records',
  'GET /api/staff/orders/:id': 'staff:read',
  'PATCH /api/staff/orders/:id': 'staff:records',
  'PUT /api/staff/orders/:id/lines': 'staff:work',
  'POST /api/staff/orders/:id/lines/from-catalog': 'staff:work',
  'POST /api/staff/orders/:id/status': 'staff:work',
  'GET /api/staff/orders/:orderId/service-request': 'staff:read',
  'GET /api/staff/orders/:orderId/service-request/photos/:photoId': 'staff:read',
  'POST /api/staff/orders/:id/updates': 'staff:work',
  'GET /api/staff/orders/:id/updates': 'staff:read',
  'GET /api/staff/orders/:id/update-photos/:photoId': 'staff:read',
  'GET /api/staff/messages': 'staff:read',
  'GET /api/staff/messages/unread': 'staff:read',
  'GET /api/staff/orders/:id/messages': 'staff:read',
  'POST /api/staff/orders/:id/messages': 'staff:work',
  'POST /api/staff/orders/:id/messages/read': 'staff:read',
  'GET /api/staff/customers/:id/messages': 'staff:read',
  'POST /api/staff/customers/:id/messages': 'staff:work',
  'POST /api/staff/customers/:id/messages/read': 'staff:read',
  'GET /api/staff/message-attachments/:id': 'staff:read',

  'GET /api/staff/catalog': 'staff:read',
  'POST /api/staff/catalog': 'staff:records',
  'PATCH /api/staff/catalog/:id': 'staff:records',
  'DELETE /api/staff/catalog/:id': 'staff:records',

  'GET /api/staff/orders/:id/estimates': 'staff:read',
  'POST /api/staff/orders/:id/estimates': 'staff:records',
  'PATCH /api/staff/estimates/:id': 'staff:records',
  'POST /api/staff/estimates/:id/refresh': 'staff:records',
  'POST /api/staff/estimates/:id/revise': 'staff:records',
  'POST /api/staff/estimates/:id/send': 'staff:records',
  'POST /api/staff/orders/:id/send-estimate': 'staff:records',
  'GET /api/staff/estimates/:id/pdf': 'staff:read',

  'GET /api/staff/orders/:id/billing': 'staff:read',
  'POST /api/staff/orders/:id/invoices': 'staff:money',
  'POST /api/staff/orders/:id/send-invoice': 'staff:money',
  'POST /api/staff/invoices/:id/send': 'staff:money',
  'POST /api/staff/invoices/:id/void': 'staff:money',
  'POST /api/staff/invoices/:id/reissue': 'staff:money',
  'POST /api/staff/invoices/:id/credit-note': 'staff:money',
  'DELETE /api/staff/invoices/:id': 'staff:money',
  'POST /api/staff/invoices/:id/payments': 'staff:money',
  'POST /api/staff/payments/:id/refunds': 'staff:money',
  'GET /api/staff/invoices/:id/pdf': 'staff:read',
  'GET /api/staff/payments/:id/receipt.pdf': 'staff:read',
  'GET /api/staff/customers/:id/cards': 'staff:read',

  'POST /api/staff/customers/:id/invites': 'staff:invites',
  'GET /api/staff/invite-template': 'staff:invites',
  'PUT /api/staff/invite-template': 'staff:invites',
  'DELETE /api/staff/invite-template': 'staff:invites',
  'POST /api/staff/invite-template/preview': 'staff:invites',
  'GET /api/staff/invite-batches/template.csv': 'staff:invites',
  'GET /api/staff/invite-batches/template.xlsx': 'staff:invites',
  'POST /api/staff/invite-batches': 'staff:invites',
  'POST /api/staff/invite-batches/from-search': 'staff:invites',
  'GET /api/staff/invite-batches': 'staff:invites',
  'GET /api/staff/invite-batches/:id': 'staff:invites',
  'GET /api/staff/invite-batches/:id/rows': 'staff:invites',
  'GET /api/staff/invite-batches/:id/report.csv': 'staff:invites',
  'GET /api/staff/invite-batches/:id/report.xlsx': 'staff:invites',
  'POST /api/staff/invite-batches/:id/confirm': 'staff:invites',
  'POST /api/staff/invite-batches/:id/cancel': 'staff:invites',

  'GET /api/staff/reminders': 'staff:read',
  'POST /api/staff/reminders': 'staff:records',
  'GET /api/staff/reminders/:id': 'staff:read',
  'PATCH /api/staff/reminders/:id': 'staff:records',

  'GET /api/staff/yard/settings': 'staff:read',
  'PATCH /api/staff/yard/settings': 'staff:owner',
};

/** One operation of the OpenAPI document: 'METHOD /path' (with :params) and its schemas. */
export interface RouteOperation {
  route: string;
  method: string;
  path: string;
  operation: OpenApiOperation;
}
export interface OpenApiOperation {
  parameters?: Array<{ in: string; name: string; required?: boolean; schema: JsonSchema }>;
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
}
// biome-ignore lint/suspicious/noExplicitAny: a JSON schema is any JSON
export type JsonSchema = Record<string, any>;

/** The app's OpenAPI document (GET /api/openapi.json), the mail catcher's mailbox included. */
export async function openApiDocument(h: Harness) {
  const app = await buildApp(
    { ...h.deps, config: { ...h.deps.config, useMailCatcher: true } },
    { cookieSecret: 'test-cookie-secret-0123456789abcdef0123' },
  );
  await app.ready();
  const doc = app.swagger() as { paths: Record<string, Record<string, OpenApiOperation>> };
  await app.close();
  return doc;
}

/** The probes of a load balancer (src/server/health.ts), outside /api. */
const PROBES = ['/healthz', '/readyz'];

/** Every /api operation of the app's OpenAPI document, and the probes. */
export async function apiOperations(h: Harness): Promise<RouteOperation[]> {
  const doc = await openApiDocument(h);
  const out: RouteOperation[] = [];
  for (const [openApiPath, ops] of Object.entries(doc.paths)) {
    const path = openApiPath.replace(/\{(\w+)\}/g, ':$1');
    if (!path.startsWith('/api/') && !PROBES.includes(path)) continue;
    for (const [method, operation] of Object.entries(ops)) {
      out.push({ route: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, operation });
    }
  }
  return out;
}

/** Every route of the app as 'METHOD /path', the mail catcher's mailbox included. */
export async function appRoutes(h: Harness) {
  return (await apiOperations(h)).map((o) => o.route);
}

/** A yard with one real record of every kind a staff route's path names. */
export async function yardWithEverything(h: Harness, database: Database) {
  const y = await billingYard(h, database.db);
  const agents = {} as Record<StaffRole, Agent>;
  const staffIds = {} as Record<StaffRole, string>;
  agents.owner = y.agent;
  staffIds.owner = y.staff.id;
  for (const role of STAFF_ROLES.filter((r) => r !== 'owner')) {
    const email = `${role}-${randomUUID().slice(0, 8)}@yard.test`;
    const row = await database.db
      .insertInto('staff_users')
      .values({
        yard_id: y.yard.id,
        email,
        name: `Pat ${role}`,
        role,
        password_hash: await hashPassword(STAFF_PASSWORD),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    staffIds[role] = row.id;
    agents[role] = h.agent();
    await agents[role].signInStaff(email, STAFF_PASSWORD);
  }
  const o = await acceptedEstimateOrder(database.db, y.yard.id, y.me.customer.id, y.me.account.id);
  const invoiceId = await sentInvoice(y.agent, o.order.id, {
    from: 'estimate',
    estimateId: o.estimate!.id,
  });
  const paid = await counterPay(y.agent, invoiceId, {
    method: 'check',
    amountCents: 10_000,
    reference: '1',
  });
  expect(paid.statusCode, paid.body).toBe(200);
  const paymentId = paid.json().billing.payments[0].id as string;
  const job = await y.agent.post('/api/staff/catalog', {
    name: 'Haul and block',
    lines: [{ kind: 'labor', description: 'Haul and block', quantity: '1', unitPriceCents: 45_000 }],
  });
  expect(job.statusCode, job.body).toBe(201);
  const reminder = await y.agent.post('/api/staff/reminders', {
    name: 'Winterize',
    service: 'Winterization',
    schedule: { rule: 'yearly', month: 10, day: 1 },
  });
  expect(reminder.statusCode, reminder.body).toBe(201);
  const batch = await previewOf(
    y.agent,
    `Customer number,Email,First name,Last name,Phone\n${y.me.customer.customer_number},${y.me.customer.email},,,\n`,
  );
  const { payload, contentType } = multipartBody([
    { name: 'boatId', value: o.boat.id },
    { name: 'description', value: 'Bilge pump runs all night.' },
    {
      name: 'photos',
      file: { fileName: 'bilge.jpg', contentType: 'image/jpeg', data: SAMPLE_PHOTOS.jpeg },
    },
  ]);
  const request = await y.me.agent.postRaw(
    `/api/portal/${y.yard.slug}/service-requests`,
    payload,
    contentType,
  );
  expect(request.statusCode, request.body).toBe(201);
  const requestOrderId = request.json().order.id as string;
  const photo = await database.db
    .selectFrom('service_request_photos')
    .select('id')
    .where('order_id', '=', requestOrderId)
    .executeTakeFirstOrThrow();
  // A message on the order with a file, for the attachment routes.
  const note = multipartBody([
    { name: 'body', value: 'The survey, as promised.' },
    { name: 'files', file: { fileName: 'survey.jpg', contentType: 'image/jpeg', data: SAMPLE_PHOTOS.jpeg } },
  ]);
  const message = await y.me.agent.postRaw(
    `/api/portal/${y.yard.slug}/orders/${o.order.id}/messages`,
    note.payload,
    note.contentType,
  );
  expect(message.statusCode, message.body).toBe(201);
  const attachmentId = message.json().message.attachments[0].id as string;
  const activity = await y.agent.get('/api/staff/activity');
  const activityId = activity.json().items[0].id as string;
  // The technician's reads reach the orders assigned to them: these are.
  await database.db
    .updateTable('orders')
    .set({ assigned_to: staffIds.technician })
    .where('id', 'in', [o.order.id, requestOrderId])
    .execute();

  // Someone for the owner's staff routes to act on, apart from the people signed in here.
  const colleague = await database.db
    .insertInto('staff_users')
    .values({
      yard_id: y.yard.id,
      email: `colleague-${randomUUID().slice(0, 8)}@yard.test`,
      name: 'Sam Colleague',
      role: 'office',
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  // A person the customer shared access with (docs/shared-access.md).
  const grant = await database.db
    .insertInto('access_grants')
    .values({
      yard_id: y.yard.id,
      owner_customer_id: y.me.customer.id,
      email: `captain-${randomUUID().slice(0, 8)}@boat.test`,
      name: 'Sam Captain',
      role: 'view',
      invited_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  const fill = (path: string) =>
    path
      .replace(':yard', y.yard.slug)
      .replace('/access/:id', `/access/${grant.id}`)
      .replace(':grantId', grant.id)
      .replace('/boats/:id', `/boats/${o.boat.id}`)
      // No import of this yard: the handler answers 404, after the role check it is about.
      .replace('/imports/:id', `/imports/${randomUUID()}`)
      .replace('/users/:id', `/users/${colleague.id}`)
      .replace('/customers/:id', `/customers/${y.me.customer.id}`)
      .replace(':orderId', requestOrderId)
      .replace('/orders/:id', `/orders/${o.order.id}`)
      .replace('/estimates/:id', `/estimates/${o.estimate!.id}`)
      .replace('/invoices/:id', `/invoices/${invoiceId}`)
      .replace('/payments/:id', `/payments/${paymentId}`)
      .replace('/receipts/:id', `/receipts/${paymentId}`)
      // No card saved here: the handler answers 404, after the checks the sweep is about.
      .replace('/cards/setups/:id', `/cards/setups/${randomUUID()}`)
      .replace('/cards/:id', `/cards/${randomUUID()}`)
      .replace('/catalog/:id', `/catalog/${job.json().id}`)
      .replace('/reminders/:id', `/reminders/${reminder.json().id}`)
      .replace('/invite-batches/:id', `/invite-batches/${batch.id}`)
      .replace('/activity/:id', `/activity/${activityId}`)
      .replace('/message-attachments/:id', `/message-attachments/${attachmentId}`)
      .replace(':photoId', photo.id)
      // No passkey of that id: the handler answers 404, after the access check it is about.
      .replace(':passkeyId', randomUUID());
  return { y, o, agents, staffIds, fill };
}
