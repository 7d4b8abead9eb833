export interface InviteEmailData {
  yardName: string;
  yardEmail: string | null;
  yardPhone: string | null;
  customerFirstName: string;
  portalLink: string;
  expiresAt: Date;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const dateLine = (d: Date) =>
  d.toLocaleDateString('en-US', {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    year: 'numeric',
    timeZone: 'UTC',
  });

/**
 * The portal invite: the yard's name, one clear link, and what to do with it. Rendered
 * as HTML and plain text from the same data; every value is escaped in the HTML.
 */
export function renderInviteEmail(d: InviteEmailData): { subject: string; text: string; html: string } {
  const greeting = d.customerFirstName ? `Hi ${d.customerFirstName},` : 'Hello,';
  const contact = [d.yardPhone, d.yardEmail].filter(Boolean).join(' · ');
  const subject = `${d.yardName} invited you to their customer portal`;
  const text = [
    greeting,
    '',
    `${d.yardName} has set up a customer portal for you. Your boats, order history, estimates and invoices are already there.`,
    '',
    'All you need to do is pick a password:',
    d.portalLink,
    '',
    `Once you are in, you can request service, pay invoices, accept estimates and view your order history.`,
    '',
    `This link works once and expires on ${dateLine(d.expiresAt)}.`,
    "If you weren't expecting this email, you can ignore it.",
    '',
    `— ${d.yardName}${contact ? `\n${contact}` : ''}`,
  ].join('\n');

  const e = escapeHtml;
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${e(subject)}</title></head>
<body style="margin:0;background:#f4f6f8;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2933">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="padding:32px 12px"><tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:10px;padding:32px">
<tr><td style="font-size:20px;font-weight:700;color:#0b4f6c;padding-bottom:16px">${e(d.yardName)}</td></tr>
<tr><td style="font-size:16px;line-height:1.5">
<p style="margin:0 0 12px">${e(greeting)}</p>
<p style="margin:0 0 12px">${e(d.yardName)} has set up a customer portal for you. Your boats, order history, estimates and invoices are already there.</p>
<p style="margin:0 0 24px">All you need to do is pick a password.</p>
<p style="margin:0 0 24px"><a href="${e(d.portalLink)}" style="display:inline-block;background:#0b6e99;color:#ffffff;text-decoration:none;font-weight:600;padding:12px 22px;border-radius:6px">Pick your password</a></p>
<p style="margin:0 0 12px">Once you are in, you can request service, pay invoices, accept estimates and view your order history.</p>
<p style="margin:0 0 12px;font-size:13px;color:#52606d">This link works once and expires on ${e(dateLine(d.expiresAt))}. If the button does not work, copy this address into your browser:<br><span style="word-break:break-all">${e(d.portalLink)}</span></p>
<p style="margin:0;font-size:13px;color:#52606d">If you weren't expecting this email, you can ignore it.</p>
</td></tr>
<tr><td style="padding-top:24px;font-size:13px;color:#7b8794">${e(d.yardName)}${contact ? ` · ${e(contact)}` : ''}</td></tr>
</table></td></tr></table></body></html>`;
  return { subject, text, html };
}
