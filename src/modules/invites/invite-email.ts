import type { InviteTemplateInput } from '../../shared/api-types.js';
import {
  DEFAULT_INVITE_TEMPLATE,
  type PlaceholderName,
  parseTemplate,
  type TemplatePart,
} from './invite-template.js';

export interface InviteEmailData {
  yardName: string;
  yardEmail: string | null;
  yardPhone: string | null;
  customerFirstName: string;
  customerLastName?: string;
  portalLink: string;
  expiresAt: Date;
  /** The yard's time zone for the expiry date; UTC when not given. */
  timeZone?: string;
  /** The yard's logo as an absolute address, shown above its name; none when null. */
  logoUrl?: string | null;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

// One formatter per time zone, kept: `toLocaleDateString` with options builds a new one on
// every call, which was a tenth of a bulk invite's CPU per message.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const dateLine = (d: Date, timeZone = 'UTC') => {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      weekday: 'long',
      month: 'long',
      day: 'numeric',
      year: 'numeric',
      timeZone,
    });
    // Yards' zones are few; the bound only keeps a mistaken caller from growing it for ever.
    if (dateFormats.size < 1000) dateFormats.set(timeZone, format);
  }
  return format.format(d);
};

/** What each placeholder stands for in this email. */
export function placeholderValues(d: InviteEmailData): Record<PlaceholderName, string> {
  const first = d.customerFirstName.trim();
  const last = (d.customerLastName ?? '').trim();
  return {
    customer_first_name: first || 'there',
    customer_last_name: last,
    customer_name: [first, last].filter(Boolean).join(' ') || 'there',
    yard_name: d.yardName,
    yard_phone: d.yardPhone ?? '',
    yard_email: d.yardEmail ?? '',
    portal_link: d.portalLink,
    link_expiry_date: dateLine(d.expiresAt, d.timeZone),
  };
}

type Values = Record<PlaceholderName, string>;

const plain = (parts: TemplatePart[], values: Values) =>
  parts.map((p) => (p.kind === 'text' ? p.text : p.kind === 'placeholder' ? values[p.name] : p.raw)).join('');

const LINK_STYLE = 'color:#0b6e99;word-break:break-all';
const BUTTON_STYLE =
  'display:inline-block;background:#0b6e99;color:#ffffff;text-decoration:none;font-weight:600;padding:12px 22px;border-radius:6px';
const SMALL_STYLE = 'margin:0 0 12px;font-size:13px;color:#52606d';

/** Running text as HTML: the template's own words are escaped like the values, newlines become <br>. */
function inlineHtml(parts: TemplatePart[], values: Values): string {
  const e = (s: string) => escapeHtml(s).replace(/\n/g, '<br>\n');
  return parts
    .map((p) => {
      if (p.kind === 'text') return e(p.text);
      if (p.kind === 'unknown') return e(p.raw);
      const value = values[p.name];
      if (p.name === 'portal_link') {
        return `<a href="${escapeHtml(value)}" style="${LINK_STYLE}">${escapeHtml(value)}</a>`;
      }
      return e(value);
    })
    .join('');
}

/** Paragraphs are separated by blank lines; a paragraph of just {portal_link} is the button. */
function bodyHtml(body: string, values: Values): string {
  const link = escapeHtml(values.portal_link);
  return body
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => {
      const parts = parseTemplate(paragraph);
      if (parts.length === 1 && parts[0].kind === 'placeholder' && parts[0].name === 'portal_link') {
        return `<p style="margin:12px 0 12px"><a href="${link}" style="${BUTTON_STYLE}">Pick your password</a></p>
<p style="${SMALL_STYLE};margin-bottom:24px">If the button does not work, copy this address into your browser:<br><span style="word-break:break-all">${link}</span></p>`;
      }
      return `<p style="margin:0 0 12px">${inlineHtml(parts, values)}</p>`;
    })
    .join('\n');
}

/**
 * The portal invite in the yard's wording (the default wording without a template):
 * subject, plain text and HTML from the same template. In the HTML every value and the
 * template's own text are escaped; the yard's name and contact footer are fixed.
 */
export function renderInviteEmail(
  d: InviteEmailData,
  template?: InviteTemplateInput | null,
): { subject: string; text: string; html: string } {
  const t = template ?? DEFAULT_INVITE_TEMPLATE;
  const values = placeholderValues(d);
  // A line break in a header value would start a new header: subjects are one line, always.
  const oneLine = Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, v.replace(/[\r\n]+/g, ' ')]),
  ) as Values;
  const subject = plain(parseTemplate(t.subject), oneLine)
    .replace(/[\r\n]+/g, ' ')
    .trim();
  const greetingParts = parseTemplate(t.greeting.trim());
  const greeting = plain(greetingParts, values);
  const body = t.body.replace(/\r\n?/g, '\n').trim();
  const contact = [d.yardPhone, d.yardEmail].filter(Boolean).join(' · ');

  const text = [
    ...(greeting ? [greeting, ''] : []),
    plain(parseTemplate(body), values),
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
${greeting ? `<p style="margin:0 0 12px">${inlineHtml(greetingParts, values)}</p>\n` : ''}${bodyHtml(body, values)}
</td></tr>
<tr><td style="padding-top:24px;font-size:13px;color:#7b8794">${e(d.yardName)}${contact ? ` · ${e(contact)}` : ''}</td></tr>
</table></td></tr></table></body></html>`;
  return { subject, text, html };
}
