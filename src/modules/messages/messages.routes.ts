import multipart from '@fastify/multipart';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../server/errors.js';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import {
  InboxQuery,
  PostMessageResponse,
  ThreadListResponse,
  ThreadResponse,
  UnreadCountResponse,
} from '../../shared/api-schemas/messages.js';
import type { CustomerPrincipal, Sessions } from '../auth/sessions.js';
import { OrderParams, StaffOrderParams } from '../orders/orders.schemas.js';
import type { PortalYards } from '../yards/yards.service.js';
import { MESSAGE_MULTIPART_LIMITS, readMessageForm } from './message-form.js';
import type { Messages, ThreadKey } from './messages.service.js';

const Slug = OrderParams.shape.yard;
const StaffCustomerParams = z.object({
  id: z.string().uuid('Customer ids are UUIDs; open the customer from the list'),
});
const StaffFileParams = z.object({ id: z.string().uuid('File ids are UUIDs') });
const PortalParams = z.object({ yard: Slug });
const PortalFileParams = z.object({ yard: Slug, id: z.string().uuid('File ids are UUIDs') });

const staffFileUrl = (id: string) => `/api/staff/message-attachments/${id}`;

/**
 * Serves a message's file as itself only: the stored (checked) type, nosniff (the security
 * headers), a sandboxing CSP, and a cleaned name; photos inline, PDFs as a download.
 */
export function sendAttachment(
  reply: FastifyReply,
  file: { file_name: string; content_type: string; data: Buffer },
) {
  const safeName = file.file_name.replace(/[^\w.\- ]+/g, '_').slice(0, 100) || 'file';
  const disposition = file.content_type === 'application/pdf' ? 'attachment' : 'inline';
  return reply
    .header('Content-Type', file.content_type)
    .header('X-Content-Type-Options', 'nosniff')
    .header('Content-Disposition', `${disposition}; filename="${safeName}"`)
    .header('Content-Security-Policy', "default-src 'none'; sandbox")
    .header('Cache-Control', 'private, max-age=3600')
    .send(Buffer.from(file.data));
}

/** Messages between customers and the yard (docs/messages.md): the staff inbox and threads, the portal's. */
export function messageRoutes({
  sessions,
  yards,
  messages,
}: {
  sessions: Pick<Sessions, 'customer' | 'staff' | 'requireInScope'>;
  yards: PortalYards;
  messages: Messages;
}): FastifyPluginAsyncZod {
  const customer = async (req: Parameters<Sessions['customer']>[0], slug: string) => {
    const yard = await yards.bySlug(slug);
    const me = await sessions.customer(req, yard.id);
    return { me, fileUrl: (id: string) => `/api/portal/${yard.slug}/message-attachments/${id}` };
  };
  /** Whether a grant for one boat reaches this order's thread (docs/shared-access.md); the general thread it does. */
  const inScope = (me: CustomerPrincipal, orderId: string | null) =>
    orderId === null
      ? Promise.resolve(true)
      : sessions.requireInScope(me, { orderId }).then(
          () => true,
          () => false,
        );

  /** An order's thread is out of a one-boat grant's reach when the order is (404); the general one is not. */
  const threadInScope = async (me: CustomerPrincipal, k: ThreadKey) => {
    if ('orderId' in k) await sessions.requireInScope(me, { orderId: k.orderId });
  };

  return async (app) => {
    // Only this plugin's routes accept multipart bodies; the limits bound memory per request.
    await app.register(multipart, { limits: MESSAGE_MULTIPART_LIMITS });

    app.get(
      '/api/staff/messages',
      {
        config: { access: 'staff:read' },
        schema: {
          querystring: InboxQuery,
          response: { 200: ThreadListResponse, ...errorResponses(401, 403, 422) },
        },
      },
      async (req) => {
        const me = await sessions.staff(req);
        return messages.inbox(me, {
          unreadOnly: req.query.unread === 'true',
          customerId: req.query.customerId,
        });
      },
    );

    app.get(
      '/api/staff/messages/unread',
      {
        config: { access: 'staff:read' },
        schema: { response: { 200: UnreadCountResponse, ...errorResponses(401, 403) } },
      },
      async (req) => messages.unreadForStaff(await sessions.staff(req)),
    );

    // The same three routes for an order's thread and a customer's general thread.
    const staffThread = (path: string, params: typeof StaffOrderParams, key: (id: string) => ThreadKey) => {
      app.get(
        path,
        {
          config: { access: 'staff:read' },
          schema: { params, response: { 200: ThreadResponse, ...errorResponses(401, 403, 404, 422) } },
        },
        async (req) => messages.forStaff(await sessions.staff(req), key(req.params.id), staffFileUrl),
      );
      app.post(
        path,
        {
          config: { access: 'staff:work' },
          schema: {
            params,
            response: { 201: PostMessageResponse, ...errorResponses(401, 403, 404, 413, 415, 422) },
          },
        },
        async (req, reply) => {
          const me = await sessions.staff(req);
          // Another yard's thread is not found before a byte of the upload is read.
          await messages.requireStaffThread(me, key(req.params.id));
          const input = await readMessageForm(req);
          const message = await messages.postAsStaff(me, key(req.params.id), input, staffFileUrl);
          return reply.code(201).send({ message, note: 'Sent. The customer is told by email.' });
        },
      );
      app.post(
        `${path}/read`,
        {
          config: { access: 'staff:read' },
          schema: { params, response: { 204: z.null(), ...errorResponses(401, 403, 404, 422) } },
        },
        async (req, reply) => {
          await messages.staffRead(await sessions.staff(req), key(req.params.id));
          return reply.code(204).send(null);
        },
      );
    };
    staffThread('/api/staff/orders/:id/messages', StaffOrderParams, (id) => ({ orderId: id }));
    staffThread('/api/staff/customers/:id/messages', StaffCustomerParams, (id) => ({
      customerId: id,
      general: true,
    }));

    app.get(
      '/api/staff/message-attachments/:id',
      { config: { access: 'staff:read' }, schema: { params: StaffFileParams } },
      async (req, reply) =>
        sendAttachment(reply, await messages.staffAttachment(await sessions.staff(req), req.params.id)),
    );

    app.get(
      '/api/portal/:yard/messages',
      {
        config: { access: 'customer' },
        schema: {
          params: PortalParams,
          response: { 200: ThreadListResponse, ...errorResponses(401, 404, 422) },
        },
      },
      async (req) => {
        const { me } = await customer(req, req.params.yard);
        const list = await messages.forCustomerList(me);
        if (!me.boatId) return list;
        const shown = await Promise.all(list.threads.map((t) => inScope(me, t.orderId)));
        const threads = list.threads.filter((_, i) => shown[i]);
        return { threads, unreadThreads: threads.filter((t) => t.unread > 0).length };
      },
    );

    const portalThread = <P extends z.ZodTypeAny>(
      path: string,
      params: P,
      key: (p: z.output<P>, customerId: string) => ThreadKey,
    ) => {
      app.get(
        path,
        {
          config: { access: 'customer' },
          schema: { params, response: { 200: ThreadResponse, ...errorResponses(401, 404, 422) } },
        },
        async (req) => {
          const p = req.params as z.output<P> & { yard: string };
          const { me, fileUrl } = await customer(req, p.yard);
          await threadInScope(me, key(p, me.customerId));
          return messages.forCustomer(me, key(p, me.customerId), fileUrl);
        },
      );
      app.post(
        path,
        {
          config: { access: 'customer' },
          schema: {
            params,
            response: { 201: PostMessageResponse, ...errorResponses(401, 404, 413, 415, 422) },
          },
        },
        async (req, reply) => {
          const p = req.params as z.output<P> & { yard: string };
          const { me, fileUrl } = await customer(req, p.yard);
          await threadInScope(me, key(p, me.customerId));
          await messages.requireCustomerThread(me, key(p, me.customerId));
          const input = await readMessageForm(req);
          const message = await messages.postAsCustomer(me, key(p, me.customerId), input, fileUrl);
          return reply.code(201).send({ message, note: 'Sent. The yard is told by email.' });
        },
      );
      app.post(
        `${path}/read`,
        {
          config: { access: 'customer' },
          schema: { params, response: { 204: z.null(), ...errorResponses(401, 404, 422) } },
        },
        async (req, reply) => {
          const p = req.params as z.output<P> & { yard: string };
          const { me } = await customer(req, p.yard);
          await threadInScope(me, key(p, me.customerId));
          await messages.customerRead(me, key(p, me.customerId));
          return reply.code(204).send(null);
        },
      );
    };
    portalThread('/api/portal/:yard/messages/general', PortalParams, (_p, customerId) => ({
      customerId,
      general: true,
    }));
    portalThread('/api/portal/:yard/orders/:id/messages', OrderParams, (p) => ({ orderId: p.id }));

    app.get(
      '/api/portal/:yard/message-attachments/:id',
      { config: { access: 'customer' }, schema: { params: PortalFileParams } },
      async (req, reply) => {
        const { me } = await customer(req, req.params.yard);
        const file = await messages.customerAttachment(me, req.params.id);
        if (!(await inScope(me, file.order_id))) throw notFound('That file');
        return sendAttachment(reply, file);
      },
    );
  };
}
