/**
 * The service reminder email (docs/reminders.md), in the layout of the yard's other mail: the
 * yard's logo and name on top, HTML and plain text from the same data, every value escaped,
 * one button to the portal's request page already filled in with the boat and the service.
 */
export interface ReminderEmailData {
  yardName: string;
  yardEmail: string | null;
  yardPhone: string | null;
  logoUrl: string | null;
  firstName: string;
  reminderName: string;
  /** The yard's own words, as written: escaped in the HTML like every value. */
  message: string;
  service: string;
  boatName: string;
  /** "on October 1" or "at 300 engine hours". */
  when: string;
  link: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ').trim();

export function renderReminderEmail(d: ReminderEmailData): { subject: string; text: string; html: string } {
  const subject = oneLine(`${d.reminderName} for ${d.boatName} — a reminder from ${d.yardName}`);
  const greeting = d.firstName.trim() ? `Hi ${d.firstName.trim()},` : 'Hello,';
  const lines = [
    `It is time for ${d.service} on ${d.boatName} (due ${d.when}).`,
    ...d.message.split(/\r?\n/).filter((l) => l.trim() !== ''),
    `You can request it in your customer portal: the form is already filled in with ${d.boatName} and ${d.service}.`,
  ];
  const button = `Request ${d.service}`;
  const contact = [d.yardPhone, d.yardEmail].filter(Boolean).join(' · ');
  const text = [
    greeting,
    '',
    ...lines,
    '',
    `${button}:`,
    d.link,
    '',
    'You get this email because reminders are on in your portal account; you can turn them off there.',
    '',
    `— ${d.yardName}${contact ? `\n${contact}` : ''}`,
  ].join('\n');
  const e = escapeHtml;
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${e(subject)}</title></head>
<body style="margin:0;background:#f4f6f8;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2933">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="padding:32px 12px"><tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:10px;padding:32px">
${d.logoUrl ? `<tr><td style="padding-bottom:12px"><img src="${e(d.logoUrl)}" alt="${e(d.yardName)}" height="48" style="display:block;height:48px;width:auto;max-width:240px;border:0"></td></tr>\n` : ''}<tr><td style="font-size:20px;font-weight:700;color:#0b4f6c;padding-bottom:16px">${e(d.yardName)}</td></tr>
<tr><td style="font-size:16px;line-height:1.5">
<p style="margin:0 0 12px">${e(greeting)}</p>
${lines.map((l) => `<p style="margin:0 0 12px">${e(l)}</p>`).join('\n')}
<p style="margin:12px 0 12px"><a href="${e(d.link)}" style="display:inline-block;background:#0b6e99;color:#ffffff;text-decoration:none;font-weight:600;padding:12px 22px;border-radius:6px">${e(button)}</a></p>
<p style="margin:0 0 12px;font-size:13px;color:#52606d">You get this email because reminders are on in your portal account; you can turn them off there.</p>
</td></tr>
<tr><td style="padding-top:24px;font-size:13px;color:#7b8794">${e(d.yardName)}${contact ? ` · ${e(contact)}` : ''}</td></tr>
</table></td></tr></table></body></html>`;
  return { subject, text, html };
}

/** The portal's request page for this boat and service. */
export function requestLink(publicUrl: string, slug: string, boatId: string, service: string): string {
  const q = new URLSearchParams({ boat: boatId, service });
  return `${publicUrl}/portal/${slug}/request-service?${q.toString()}`;
}
