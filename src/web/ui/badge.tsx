import { YARD_STATUS_LABELS, type YardStatus } from '../../shared/api-schemas/values';
import type { EstimateView, InvoiceView, OrderStatus, PortalStatus } from '../../shared/api-types';

export type Tone = 'neutral' | 'info' | 'warning' | 'success' | 'danger' | 'accent';

export function Badge({ tone = 'neutral', children }: { tone?: Tone; children: React.ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

export const ORDER_STATUS: Record<OrderStatus, { label: string; tone: Tone }> = {
  requested: { label: 'Requested', tone: 'info' },
  open_estimate: { label: 'Open estimate', tone: 'neutral' },
  estimate_sent: { label: 'Estimate sent', tone: 'info' },
  awaiting_acceptance: { label: 'Awaiting acceptance', tone: 'warning' },
  declined: { label: 'Estimate declined', tone: 'danger' },
  in_progress: { label: 'In progress', tone: 'accent' },
  deposit_requested: { label: 'Deposit requested', tone: 'warning' },
  partial_payment: { label: 'Partially paid', tone: 'warning' },
  invoiced: { label: 'Invoiced', tone: 'warning' },
  paid: { label: 'Paid', tone: 'success' },
  completed: { label: 'Completed', tone: 'success' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
};

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const s = ORDER_STATUS[status] ?? { label: status, tone: 'neutral' };
  return <Badge tone={s.tone}>{s.label}</Badge>;
}

const ESTIMATE_STATUS: Record<EstimateView['status'], { label: string; tone: Tone }> = {
  draft: { label: 'Draft', tone: 'neutral' },
  sent: { label: 'Awaiting answer', tone: 'warning' },
  accepted: { label: 'Accepted', tone: 'success' },
  declined: { label: 'Declined', tone: 'danger' },
  expired: { label: 'Expired', tone: 'neutral' },
  superseded: { label: 'Replaced by a newer version', tone: 'neutral' },
};

export function EstimateStatusBadge({ status }: { status: EstimateView['status'] }) {
  const s = ESTIMATE_STATUS[status] ?? { label: status, tone: 'neutral' };
  return <Badge tone={s.tone}>{s.label}</Badge>;
}

const INVOICE_STATUS: Record<InvoiceView['status'], { label: string; tone: Tone }> = {
  draft: { label: 'Draft', tone: 'neutral' },
  open: { label: 'Open', tone: 'warning' },
  partial: { label: 'Partially paid', tone: 'warning' },
  paid: { label: 'Paid', tone: 'success' },
  void: { label: 'Void', tone: 'neutral' },
};

export function InvoiceStatusBadge({ status }: { status: InvoiceView['status'] }) {
  const s = INVOICE_STATUS[status] ?? { label: status, tone: 'neutral' };
  return <Badge tone={s.tone}>{s.label}</Badge>;
}

export function PortalStatusBadge({ status }: { status: PortalStatus }) {
  if (status === 'in_portal') return <Badge tone="success">IN PORTAL</Badge>;
  if (status === 'invited') return <Badge tone="info">Invited</Badge>;
  return (
    <span className="muted" title="Not invited">
      —
    </span>
  );
}

const YARD_STATUS_TONES: Record<YardStatus, Tone> = {
  in_water: 'info',
  hauled: 'warning',
  on_hard: 'neutral',
  in_shop: 'accent',
  in_paint: 'accent',
  launched: 'success',
  in_storage: 'neutral',
};

/** Where a boat is in the yard right now (docs/boat-status.md). */
export function YardStatusBadge({ status }: { status: YardStatus }) {
  return <Badge tone={YARD_STATUS_TONES[status] ?? 'neutral'}>{YARD_STATUS_LABELS[status] ?? status}</Badge>;
}
