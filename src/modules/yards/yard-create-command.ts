import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { QUEUES } from '../../jobs/queue.js';
import type { AppDeps } from '../../server/deps.js';
import { CreateYardRequest } from '../../shared/api-schemas/staff-users.js';
import { systemActor } from '../audit/audit-actor.js';
import { createStaffUsers } from './staff-users.service.js';

export const YARD_CREATE_USAGE = `Usage: slipway yard create --name "Yard name" --slug yard-slug --owner-email owner@example.com [--owner-name "Owner Name"]

  Creates the yard and its owner, and emails the owner a link to pick a password (valid 7 days).
  The slug is the yard's portal address: /portal/<slug>.`;

/** The command line's options, checked by the same rules as the operator route. */
export function parseYardCreateArgs(
  argv: string[],
): { ok: true; input: z.output<typeof CreateYardRequest> } | { ok: false; problems: string[] } {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        name: { type: 'string' },
        slug: { type: 'string' },
        'owner-email': { type: 'string' },
        'owner-name': { type: 'string' },
      },
      strict: true,
    }));
  } catch (err) {
    return { ok: false, problems: [(err as Error).message] };
  }
  const parsed = CreateYardRequest.safeParse({
    name: values.name,
    slug: values.slug,
    ownerEmail: values['owner-email'],
    ownerName: values['owner-name'],
  });
  if (parsed.success) return { ok: true, input: parsed.data };
  const flag: Record<string, string> = {
    name: '--name',
    slug: '--slug',
    ownerEmail: '--owner-email',
    ownerName: '--owner-name',
  };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => {
      const f = flag[String(i.path[0])] ?? String(i.path[0]);
      return i.code === 'invalid_type' ? `${f} is required` : `${f}: ${i.message}`;
    }),
  };
}

/**
 * Creates the yard, then waits (up to `waitMs`) for the worker to send the owner's email,
 * so the command can say whether it went out. The email job is in the queue either way.
 */
export async function runYardCreate(
  deps: Pick<AppDeps, 'database' | 'clock' | 'boss'>,
  input: z.output<typeof CreateYardRequest>,
  opts: { waitMs?: number } = {},
) {
  const r = await createStaffUsers(deps).createYard(input, systemActor);
  const deadline = Date.now() + (opts.waitMs ?? 30_000);
  let mailed = false;
  while (r.link.jobId && Date.now() < deadline) {
    const job = await deps.boss.getJobById(QUEUES.staffEmail, r.link.jobId);
    if (job?.state === 'completed') {
      mailed = true;
      break;
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  return { ...r, mailed };
}
