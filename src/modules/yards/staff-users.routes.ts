import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import {
  ChangeStaffRoleRequest,
  InviteStaffRequest,
  StaffIdParams,
  StaffUserList,
} from '../../shared/api-schemas/staff-users.js';
import { staffActor } from '../audit/audit-actor.js';
import type { Sessions } from '../auth/sessions.js';
import type { StaffUsers } from './staff-users.service.js';

export interface StaffUsersRoutesDeps {
  sessions: Pick<Sessions, 'staff'>;
  staffUsers: StaffUsers;
}

/** The owner's staff users page: list, invite, change a role, deactivate and reactivate, resend a link. */
export function staffUsersRoutes({ sessions, staffUsers }: StaffUsersRoutesDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const owner = { access: 'staff:owner' } as const;
    const list = async (yardId: string, staffId: string) => ({
      staff: await staffUsers.list(yardId, staffId),
    });

    app.get(
      '/api/staff/users',
      { config: owner, schema: { response: { 200: StaffUserList, ...errorResponses(401, 403) } } },
      async (req) => {
        const p = await sessions.staff(req);
        return list(p.yardId, p.staffId);
      },
    );

    app.post(
      '/api/staff/users',
      {
        config: owner,
        schema: {
          body: InviteStaffRequest,
          response: { 201: StaffUserList, ...errorResponses(401, 403, 409, 422) },
        },
      },
      async (req, reply) => {
        const p = await sessions.staff(req);
        await staffUsers.invite(p.yardId, { ...staffActor(p, req), staffId: p.staffId }, req.body);
        return reply.code(201).send(await list(p.yardId, p.staffId));
      },
    );

    app.patch(
      '/api/staff/users/:id',
      {
        config: owner,
        schema: {
          params: StaffIdParams,
          body: ChangeStaffRoleRequest,
          response: { 200: StaffUserList, ...errorResponses(401, 403, 404, 409, 422) },
        },
      },
      async (req) => {
        const p = await sessions.staff(req);
        await staffUsers.changeRole(p.yardId, staffActor(p, req), req.params.id, req.body.role);
        return list(p.yardId, p.staffId);
      },
    );

    const actions = {
      deactivate: (yardId: string, actor: ReturnType<typeof staffActor> & { staffId: string }, id: string) =>
        staffUsers.deactivate(yardId, actor, id),
      reactivate: staffUsers.reactivate,
      'resend-invite': staffUsers.resendInvite,
    };
    for (const [name, act] of Object.entries(actions)) {
      app.post(
        `/api/staff/users/:id/${name}`,
        {
          config: owner,
          schema: {
            params: StaffIdParams,
            response: { 200: StaffUserList, ...errorResponses(401, 403, 404, 409) },
          },
        },
        async (req) => {
          const p = await sessions.staff(req);
          await act(p.yardId, { ...staffActor(p, req), staffId: p.staffId }, req.params.id);
          return list(p.yardId, p.staffId);
        },
      );
    }
  };
}
