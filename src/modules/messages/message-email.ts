/**
 * A message's notification (docs/messages.md): HTML and plain text from the same data, every
 * value escaped in the HTML, one link to the thread; the Reply-To is the thread's signed address.
 */
export interface MessageEmailData {
  /** Who is told: the customer (staff wrote) or the yard (the customer wrote). */
  to: 'customer' | 'yard';
  yardName: string;
  /** The greeting's name: the customer's first name, or none for the yard. */
  greetName: string | null;
  /** Who wrote: the staff member's first name, or the customer's full name. */
  writer: string;
  orderNumber: number | null;
  orderTitle: string | null;
  body: string;
  attachmentCount: number;
  link: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function renderMessageEmail(d: MessageEmailData): { subject: string; text: string; html: string } {
  const about =
    d.orderNumber !== null ? `order #${d.orderNumber}${d.orderTitle ? `, ${d.orderTitle}` : ''}` : null;
  const subject =
    d.to === 'customer'
      ? `New message from ${d.yardName}${d.orderNumber !== null ? ` about order #${d.orderNumber}` : ''}`
      : `Message from ${d.writer}${d.orderNumber !== null ? ` about order #${d.orderNumber}` : ''}`;
  const intro =
    d.to === 'customer'
      ? `${d.writer} at ${d.yardName} wrote${about ? ` about ${about}` : ''}:`
      : `${d.writer} wrote${about ? ` about ${about}` : ''} in the portal:`;
  const bodyLines = d.body.split(/\r?\n/);
  const files =
    d.attachmentCount > 0
      ? [
          `${d.attachmentCount === 1 ? 'A file is' : `${d.attachmentCount} files are`} attached to the message.`,
        ]
      : [];
  const replyHint =
    'Reply to this email to answer: your reply goes into the conversation (write above the quoted text).';
  const button = d.to === 'customer' ? 'Open the conversation' : 'Open in the inbox';
  const greeting = d.greetName ? `Hi ${d.greetName},` : 'Hello,';
  const text = [
    greeting,
    '',
    intro,
    '',
    ...bodyLines.map((l) => `  ${l}`),
    '',
    ...files,
    replyHint,
    '',
    `${button}:`,
    d.link,
    '',
    `— ${d.yardName}`,
  ].join('\n');
  const e = escapeHtml;
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>${e(subject)}</title></head>
<body style="margin:0;background:#f4f6f8;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2933">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="padding:32px 12px"><tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:10px;padding:32px">
<tr><td style="font-size:20px;font-weight:700;color:#0b4f6c;padding-bottom:16px">${e(d.yardName)}</td></tr>
<tr><td style="font-size:16px;line-height:1.5">
<p style="margin:0 0 12px">${e(greeting)}</p>
<p style="margin:0 0 12px">${e(intro)}</p>
<div style="margin:0 0 16px;padding:12px 16px;border-left:4px solid #0b6e99;background:#f4f8fb">${bodyLines.map((l) => e(l)).join('<br>')}</div>
${files.map((l) => `<p style="margin:0 0 12px">${e(l)}</p>`).join('\n')}
<p style="margin:0 0 12px;color:#52606d;font-size:14px">${e(replyHint)}</p>
<p style="margin:12px 0 0"><a href="${e(d.link)}" style="display:inline-block;background:#0b6e99;color:#ffffff;text-decoration:none;font-weight:600;padding:12px 22px;border-radius:6px">${e(button)}</a></p>
</td></tr></table></td></tr></table></body></html>`;
  return { subject, text, html };
}
