import { describe, expect, it } from 'vitest';
import type { InviteTemplateInput } from '../../shared/api-types.js';
import { type InviteEmailData, renderInviteEmail } from './invite-email.js';
import { DEFAULT_INVITE_TEMPLATE } from './invite-template.js';

const data: InviteEmailData = {
  yardName: 'Harbor Point Marine',
  yardEmail: 'office@harborpoint.test',
  yardPhone: '(305) 555-0100',
  customerFirstName: 'Ava',
  customerLastName: 'Thompson',
  portalLink: 'https://portal.test/portal/harbor-point/accept/abc_DEF-123',
  expiresAt: new Date('2025-06-09T12:00:00Z'),
};
const BUTTON = '>Pick your password</a>';

const withBody = (body: string, over: Partial<InviteTemplateInput> = {}): InviteTemplateInput => ({
  ...DEFAULT_INVITE_TEMPLATE,
  body,
  ...over,
});

describe('the invite email from a template', () => {
  it('without a template, renders the default wording (today’s email)', () => {
    const mail = renderInviteEmail(data);
    expect(mail).toEqual(renderInviteEmail(data, DEFAULT_INVITE_TEMPLATE));
    expect(mail).toEqual(renderInviteEmail(data, null));
    expect(mail.subject).toBe('Harbor Point Marine invited you to their customer portal');
    expect(mail.text).toBe(
      [
        'Hi Ava,',
        '',
        'Harbor Point Marine has set up a customer portal for you. Your boats, order history, estimates and invoices are already there.',
        '',
        'All you need to do is pick a password:',
        '',
        data.portalLink,
        '',
        'Once you are in, you can request service, pay invoices, accept estimates and view your order history.',
        '',
        'This link works once and expires on Monday, June 9, 2025.',
        "If you weren't expecting this email, you can ignore it.",
        '',
        '— Harbor Point Marine',
        '(305) 555-0100 · office@harborpoint.test',
      ].join('\n'),
    );
    expect(mail.html).toContain(`<a href="${data.portalLink}" style="display:inline-block;`);
    expect(mail.html).toContain(BUTTON);
    expect(mail.html).toContain('copy this address into your browser');
    expect(mail.html).toContain('expires on Monday, June 9, 2025.<br>');
    expect(mail.html).toContain('If you weren&#39;t expecting this email');
    expect(mail.html).toContain('Harbor Point Marine · (305) 555-0100 · office@harborpoint.test</td>');
  });

  it('greets "there" when the first name is empty', () => {
    const mail = renderInviteEmail({ ...data, customerFirstName: '  ', customerLastName: '' });
    expect(mail.text.startsWith('Hi there,\n')).toBe(true);
    expect(mail.html).toContain('<p style="margin:0 0 12px">Hi there,</p>');
    const named = renderInviteEmail(
      { ...data, customerFirstName: '' },
      withBody('{customer_name} / {customer_last_name}\n\n{portal_link}'),
    );
    expect(named.text).toContain('Thompson / Thompson');
  });

  it('escapes every value and the template’s own words in the HTML, never in the text', () => {
    const mail = renderInviteEmail(
      { ...data, customerFirstName: '<b>Ann</b>', yardName: 'Tom & Jerry\'s "Yard"' },
      withBody('<script>alert(1)</script> Dear {customer_first_name} of {yard_name}\n\n{portal_link}', {
        greeting: 'Hey <i>{customer_first_name}</i>',
      }),
    );
    expect(mail.html).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt; Dear &lt;b&gt;Ann&lt;/b&gt; of Tom &amp; Jerry&#39;s &quot;Yard&quot;',
    );
    expect(mail.html).toContain('Hey &lt;i&gt;&lt;b&gt;Ann&lt;/b&gt;&lt;/i&gt;');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<b>Ann');
    expect(mail.html).not.toContain('<i>');
    expect(mail.text).toContain('Hey <i><b>Ann</b></i>\n');
    expect(mail.text).toContain('<script>alert(1)</script> Dear <b>Ann</b> of Tom & Jerry\'s "Yard"');
  });

  it('escapes the link wherever it appears', () => {
    const link = 'https://portal.test/accept/a"onmouseover="x&y';
    const mail = renderInviteEmail(
      { ...data, portalLink: link },
      withBody('Go: {portal_link}\n\n{portal_link}'),
    );
    expect(mail.html).not.toContain('"onmouseover');
    expect(mail.html).toContain('href="https://portal.test/accept/a&quot;onmouseover=&quot;x&amp;y"');
  });

  it('turns a paragraph of only {portal_link} into the button, and {portal_link} in running text into a link', () => {
    const mail = renderInviteEmail(data, withBody('Open {portal_link} to start.\n\n  {portal_link}  '));
    expect(mail.html.split(BUTTON)).toHaveLength(2);
    expect(mail.html).toContain(
      `Open <a href="${data.portalLink}" style="color:#0b6e99;word-break:break-all">${data.portalLink}</a> to start.`,
    );
    const inline = renderInviteEmail(data, withBody('Open {portal_link} now.'));
    expect(inline.html).not.toContain(BUTTON);
    expect(inline.text).toContain(`Open ${data.portalLink} now.`);
  });

  it('splits paragraphs on blank lines and turns single newlines into <br>', () => {
    const mail = renderInviteEmail(data, withBody('One\nline two\n \nPara two\r\n\r\n\r\n{portal_link}'));
    expect(mail.html).toContain('<p style="margin:0 0 12px">One<br>\nline two</p>');
    expect(mail.html).toContain('<p style="margin:0 0 12px">Para two</p>');
    expect(mail.text).toContain('One\nline two\n \nPara two\n\n\n');
  });

  it('leaves out an empty greeting and empty yard contact values', () => {
    const mail = renderInviteEmail(
      { ...data, yardPhone: null, yardEmail: null },
      withBody('Call {yard_phone}{yard_email}.\n\n{portal_link}', { greeting: '' }),
    );
    expect(mail.text.startsWith('Call .\n\n')).toBe(true);
    expect(mail.text.endsWith('— Harbor Point Marine')).toBe(true);
    expect(mail.html).not.toContain('Hi ');
  });

  it('keeps the subject on one line whatever the values hold', () => {
    const mail = renderInviteEmail(
      { ...data, customerFirstName: 'Ann\r\nBcc: evil@example.com', yardName: 'Yard\nX' },
      withBody('{portal_link}', { subject: 'For {customer_first_name} from {yard_name}' }),
    );
    expect(mail.subject).toBe('For Ann Bcc: evil@example.com from Yard X');
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });

  it('renders near-miss placeholders literally if an unchecked template reaches it', () => {
    const mail = renderInviteEmail(data, withBody('{ yard_name } {portal_link}'));
    expect(mail.text).toContain('{ yard_name } https://');
  });
});
