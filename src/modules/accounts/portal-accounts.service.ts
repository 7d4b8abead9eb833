import type { FastifyRequest } from 'fastify';
import type { Yard } from '../../db/schema.js';
import type { AppDeps } from '../../server/deps.js';
import { AppError, notFound } from '../../server/errors.js';
import type { CustomerAccountData, PortalMe } from '../../shared/api-types.js';
import { type ReachedRecordsRow, reachedRecords } from '../access/access-grants.repo.js';
import { accessOf, narrowToBoat, portalRecords } from '../access/portal-records.js';
import type { CustomerPrincipal, Sessions } from '../auth/sessions.js';
import { createSignIn, type SignInAttempt } from '../auth/sign-in.js';
import { accountDataView } from '../customers/account-data.js';
import { accountDataRepo } from '../customers/account-data.repo.js';
import { pageCache } from '../customers/page-cache.js';
import { portalEventsRepo } from '../invites/portal-events.repo.js';
import { notificationPreferencesRepo } from '../notifications/notification-preferences.repo.js';
import { yardSummary } from '../yards/yard-summary.js';
import type { PortalYards } from '../yards/yards.service.js';
import { accountsRepo } from './accounts.repo.js';
import { portalAccountData } from './portal-data.js';

/** Customer sign-in at a yard's portal, and what a signed-in customer sees. */
export function createPortalAccounts(
  deps: Pick<AppDeps, 'database' | 'clock'> & Partial<Pick<AppDeps, 'config'>>,
  yards: PortalYards,
  sessions: Pick<Sessions, 'customerWith'>,
) {
  const { db } = deps.database;
  const accountData = accountDataRepo(db);
  const { signIn: checkCredentials } = createSignIn(deps);
  const accounts = accountsRepo(db);
  const events = portalEventsRepo(db);
  const records = portalRecords(db);
  const prefs = notificationPreferencesRepo(db);

  /** The account these credentials open at the yard `slug` names, with its yard. */
  async function signIn(slug: string, attempt: Omit<SignInAttempt, 'realm'>) {
    const found = await checkCredentials(
      { ...attempt, realm: `portal:${slug}` },
      // The yard is looked up after the limits, so guesses at unknown yards count as failures.
      async (email) => {
        const yard = await yards.bySlug(slug);
        const found = await accounts.findForSignIn(yard.id, email);
        return found && { ...found, yard };
      },
    );
    // Said only to someone who knows the password, so it reveals nothing to a guesser.
    if (found.archived_at) throw portalAccessClosed(found.yard);
    return found;
  }

  /** On the timeline of the account's own record; a sign-in with none of its own has none. */
  async function recordSignIn(yardId: string, customerId: string | null, method?: 'passkey'): Promise<void> {
    const detail = method ? { method } : undefined;
    if (customerId) await events.add({ yardId, customerId, kind: 'signed_in', at: deps.clock.now(), detail });
  }

  /**
   * The email choices shown to whoever is signed in: the record's for its owner; their own
   * for someone acting under a grant (the owner's are not theirs to see or change).
   */
  const ownChoices = async (yard: Yard, principal: CustomerPrincipal, page: PortalMe) =>
    principal.role === 'owner'
      ? page
      : { ...page, notifications: await prefs.ofSignIn(yard.id, principal.accountId) };

  /** What a signed-in customer sees: the records they act for at this yard, nothing else. */
  const me = async (yard: Yard, principal: CustomerPrincipal): Promise<PortalMe> =>
    ownChoices(yard, principal, {
      ...(await portalAccountData(db, yard, principal.customerId, principal.boatId)),
      access: await records.access(principal),
    });

  /** Pages of `/me` by record and version, before narrowing to a grant's boat (docs/page-cache.md). */
  const mePages = pageCache<CustomerAccountData>('me', deps.config?.pageCacheEntries ?? 0);

  /**
   * `me` of this request's session: the session, the record's version and the records the
   * sign-in reaches in one statement (the busiest page), the page kept at that version or read anew.
   */
  async function meOfRequest(req: FastifyRequest, yard: Yard): Promise<PortalMe> {
    const { me, row: head } = await sessions.customerWith(req, yard.id, accountData.meHead);
    if (!head.id || head.version === undefined) throw notFound('Your account');
    let page = mePages.get(head.id, head.version);
    if (!page) {
      const row = await accountData.account(yard.id, head.id);
      if (!row) throw notFound('Your account');
      page = accountDataView(row, row);
      mePages.set(head.id, row.version, page);
    }
    return ownChoices(yard, me, {
      yard: yardSummary(yard),
      ...narrowToBoat(page, me.boatId),
      access: accessOf(me, reachedRecords(head as ReachedRecordsRow)),
    });
  }

  return { signIn, recordSignIn, me, meOfRequest, records };
}

/** A customer the yard archived: their account stays, but it opens nothing until restored. */
export function portalAccessClosed(yard: Pick<Yard, 'name' | 'phone' | 'email'>): AppError {
  const contact = [yard.phone, yard.email].filter(Boolean).join(' or ');
  return new AppError(
    'PORTAL_ACCESS_CLOSED',
    `${yard.name} has closed your portal access. Contact the yard${contact ? ` at ${contact}` : ''} if you need it again.`,
  );
}

export type PortalAccounts = ReturnType<typeof createPortalAccounts>;
