/**
 * The orders module's emails (payment receipt, estimate ready, invoice ready, job update): HTML and
 * plain text from the same data, every value escaped in the HTML, one link into the portal.
 */
export type OrderEmailData = {
  /** The yard's currency (ISO 4217) and time zone: amounts and dates as the yard keeps them. */
  currency?: string | null;
  timeZone?: string | null;
  /** Mail to someone the owner shared access with: the owner's name, said in the mail. */
  sharedBy?: string | null;
} & (
  | {
      kind: 'receipt';
      yardName: string;
      firstName: string;
      amountCents: number;
      invoiceNumber: number;
      balanceCents: number;
      paidWith: string;
      receivedAt: Date;
      link: string;
    }
  | {
      kind: 'refund';
      yardName: string;
      firstName: string;
      amountCents: number;
      invoiceNumber: number;
      paidWith: string;
      reason: string | null;
      link: string;
    }
  | {
      kind: 'estimate';
      yardName: string;
      firstName: string;
      number: number;
      /** Versions after the first say so: the customer answers the newest. */
      version?: number;
      totalCents: number;
      link: string;
    }
  | {
      kind: 'invoice';
      yardName: string;
      firstName: string;
      number: number;
      balanceCents: number;
      dueOn: string | null;
      link: string;
    }
  | {
      kind: 'job_update';
      yardName: string;
      firstName: string;
      number: number;
      title: string;
      boatName: string | null;
      /** The first name of who posted it. */
      postedBy: string;
      /** What they wrote, as they wrote it: escaped in the HTML like every value. */
      body: string;
      photoCount: number;
      link: string;
    }
);

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

import { moneyFormat } from './money-text.js';
import { dayInZone } from './receipt-facts.js';

export { dollars } from './money-text.js';

function content(d: OrderEmailData): { subject: string; lines: string[]; button: string } {
  const dollars = moneyFormat(d.currency);
  switch (d.kind) {
    case 'receipt':
      return {
        subject: `Receipt: ${dollars(d.amountCents)} paid to ${d.yardName}`,
        lines: [
          `Thank you — we received your payment of ${dollars(d.amountCents)} for invoice #${d.invoiceNumber}.`,
          `Paid with: ${d.paidWith}. Date: ${dayInZone(d.receivedAt, d.timeZone ?? 'UTC')}.`,
          d.balanceCents > 0
            ? `Balance still due on this invoice: ${dollars(d.balanceCents)}.`
            : 'This invoice is now paid in full.',
        ],
        button: 'View the order',
      };
    case 'refund':
      return {
        subject: `Refund: ${dollars(d.amountCents)} from ${d.yardName}`,
        lines: [
          `We refunded ${dollars(d.amountCents)} of your payment on invoice #${d.invoiceNumber} (paid with: ${d.paidWith}).`,
          ...(d.reason ? [`Reason: ${d.reason}`] : []),
          'The receipt attached shows the payment as it now stands.',
        ],
        button: 'View the order',
      };
    case 'estimate':
      return {
        subject: `Your estimate #${d.number}${(d.version ?? 1) > 1 ? ` (version ${d.version})` : ''} from ${d.yardName}`,
        lines: [
          (d.version ?? 1) > 1
            ? `${d.yardName} sent you version ${d.version} of estimate #${d.number}, for ${dollars(d.totalCents)}. It replaces the earlier version.`
            : `${d.yardName} sent you estimate #${d.number} for ${dollars(d.totalCents)}.`,
          (d.version ?? 1) > 1
            ? 'Review what changed, then approve and sign the new version — or decline it — in your customer portal. The estimate is attached as a PDF.'
            : 'Review the line items, choose the optional ones you want, and approve and sign it — or decline it — in your customer portal. The estimate is attached as a PDF.',
        ],
        button: 'Review the estimate',
      };
    case 'invoice':
      return {
        subject: `Invoice #${d.number} from ${d.yardName}`,
        lines: [
          `${d.yardName} sent you invoice #${d.number}. Balance due: ${dollars(d.balanceCents)}${d.dueOn ? `, due ${d.dueOn}` : ''}.`,
          'You can pay it in full or in part in your customer portal.',
        ],
        button: 'View and pay',
      };
    case 'job_update':
      return {
        subject: `Update on order #${d.number}${d.boatName ? ` (${d.boatName})` : ''} from ${d.yardName}`,
        lines: [
          `${d.postedBy} at ${d.yardName} posted an update on order #${d.number}, ${d.title}:`,
          ...d.body.split(/\r?\n/).filter((l) => l.trim() !== ''),
          ...(d.photoCount > 0
            ? [`${d.photoCount === 1 ? 'A photo is' : `${d.photoCount} photos are`} on the order page.`]
            : []),
        ],
        button: 'See the update',
      };
  }
}

export function renderOrderEmail(d: OrderEmailData): { subject: string; text: string; html: string } {
  const { subject, lines: own, button } = content(d);
  const lines = d.sharedBy
    ? [
        ...own,
        `You get this email because ${d.sharedBy} shared their boat with you in the ${d.yardName} portal.`,
      ]
    : own;
  const greeting = d.firstName ? `Hi ${d.firstName},` : 'Hello,';
  const text = [greeting, '', ...lines, '', `${button}:`, d.link, '', `— ${d.yardName}`].join('\n');
  const e = escapeHtml;
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>${e(subject)}</title></head>
<body style="margin:0;background:#f4f6f8;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2933">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="padding:32px 12px"><tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:10px;padding:32px">
<tr><td style="font-size:20px;font-weight:700;color:#0b4f6c;padding-bottom:16px">${e(d.yardName)}</td></tr>
<tr><td style="font-size:16px;line-height:1.5">
<p style="margin:0 0 12px">${e(greeting)}</p>
${lines.map((l) => `<p style="margin:0 0 12px">${e(l)}</p>`).join('\n')}
<p style="margin:12px 0 0"><a href="${e(d.link)}" style="display:inline-block;background:#0b6e99;color:#ffffff;text-decoration:none;font-weight:600;padding:12px 22px;border-radius:6px">${e(button)}</a></p>
</td></tr></table></td></tr></table></body></html>`;
  return { subject, text, html };
}
