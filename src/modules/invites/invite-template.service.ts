import { DAY } from '../../server/clock.js';
import type { AppDeps } from '../../server/deps.js';
import { notFound } from '../../server/errors.js';
import type {
  InviteTemplateInput,
  InviteTemplatePreviewRequest,
  InviteTemplatePreviewResponse,
  InviteTemplateView,
} from '../../shared/api-types.js';
import { customersRepo } from '../customers/customers.repo.js';
import { yardsRepo } from '../yards/yards.repo.js';
import { renderInviteEmail } from './invite-email.js';
import { checkInviteTemplate, DEFAULT_INVITE_TEMPLATE, INVITE_PLACEHOLDERS } from './invite-template.js';
import { inviteTemplatesRepo } from './invite-template.repo.js';

/** The link in a preview leads nowhere: a real one exists only in a sent invite. */
export const PREVIEW_TOKEN = 'preview-link-not-active';

/** Shown when the yard has no customer with an email address yet. */
const SAMPLE_CUSTOMER = { first_name: 'Jordan', last_name: 'Rivera' };

/** The yard's invite wording: view, save, reset to the default, preview for a real customer. */
export function createInviteTemplateService(deps: Pick<AppDeps, 'database' | 'clock' | 'config'>) {
  const { db } = deps.database;
  const templates = inviteTemplatesRepo(db);
  const customers = customersRepo(db);
  const yards = yardsRepo(db);

  const placeholders = INVITE_PLACEHOLDERS.map((p) => ({ name: p.name, description: p.description }));

  async function view(yardId: string): Promise<InviteTemplateView> {
    const saved = await templates.get(yardId);
    const t = saved ?? DEFAULT_INVITE_TEMPLATE;
    return {
      subject: t.subject,
      greeting: t.greeting,
      body: t.body,
      isDefault: !saved,
      updatedAt: saved ? saved.updated_at.toISOString() : null,
      defaults: { ...DEFAULT_INVITE_TEMPLATE },
      placeholders,
    };
  }

  async function save(
    yardId: string,
    staffId: string,
    input: InviteTemplateInput,
  ): Promise<InviteTemplateView> {
    const template = checkInviteTemplate(input);
    await templates.save(yardId, template, { staffId, now: deps.clock.now() });
    return view(yardId);
  }

  async function reset(yardId: string): Promise<InviteTemplateView> {
    await templates.reset(yardId);
    return view(yardId);
  }

  /** Renders the template as the given customer (or the first one with an email) would get it. */
  async function preview(
    yardId: string,
    req: InviteTemplatePreviewRequest,
  ): Promise<InviteTemplatePreviewResponse> {
    const template = checkInviteTemplate(req);
    const yard = await yards.findById(yardId);
    if (!yard) throw notFound('Your yard');
    const customer = req.customerId
      ? await customers.findById(yardId, req.customerId)
      : await customers.firstWithEmail(yardId);
    if (req.customerId && !customer) throw notFound('That customer');
    const person = customer ?? SAMPLE_CUSTOMER;
    // The same expiry a real invite sent now would get.
    const expiryDays = yard.invite_expiry_days ?? deps.config.inviteExpiryDays;
    const mail = renderInviteEmail(
      {
        yardName: yard.name,
        yardEmail: yard.email,
        yardPhone: yard.phone,
        customerFirstName: person.first_name,
        customerLastName: person.last_name,
        portalLink: `${deps.config.publicUrl}/portal/${yard.slug}/accept/${PREVIEW_TOKEN}`,
        expiresAt: new Date(deps.clock.now().getTime() + expiryDays * DAY),
      },
      template,
    );
    return {
      ...mail,
      customer: customer
        ? { id: customer.id, name: [customer.first_name, customer.last_name].filter(Boolean).join(' ') }
        : null,
    };
  }

  return { view, save, reset, preview };
}

export type InviteTemplateService = ReturnType<typeof createInviteTemplateService>;
