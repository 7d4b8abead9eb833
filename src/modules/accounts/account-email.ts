/**
 * The portal's account emails: reset link, password changed, confirm a new address, address
 * changed, passkey added or removed, and "you already have an account" (when an invite is
 * asked for).
 */

export interface YardLine {
  yardName: string;
  yardEmail: string | null;
  yardPhone: string | null;
}

interface Rendered {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** One layout for every account email (and the staff link email): the yard's name, paragraphs, at most one button. */
export function render(
  yard: YardLine,
  subject: string,
  greeting: string,
  paragraphs: string[],
  action?: { label: string; link: string; after: string[] },
): Rendered {
  const contact = [yard.yardPhone, yard.yardEmail].filter(Boolean).join(' · ');
  const text = [
    greeting,
    '',
    ...paragraphs.flatMap((p) => [p, '']),
    ...(action ? [action.link, '', ...action.after.flatMap((p) => [p, ''])] : []),
    `— ${yard.yardName}${contact ? `\n${contact}` : ''}`,
  ].join('\n');
  const e = escapeHtml;
  const p = (t: string) => `<p style="margin:0 0 12px">${e(t)}</p>`;
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${e(subject)}</title></head>
<body style="margin:0;background:#f4f6f8;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2933">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="padding:32px 12px"><tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:10px;padding:32px">
<tr><td style="font-size:20px;font-weight:700;color:#0b4f6c;padding-bottom:16px">${e(yard.yardName)}</td></tr>
<tr><td style="font-size:16px;line-height:1.5">
${p(greeting)}
${paragraphs.map(p).join('\n')}
${
  action
    ? `<p style="margin:12px 0 24px"><a href="${e(action.link)}" style="display:inline-block;background:#0b6e99;color:#ffffff;text-decoration:none;font-weight:600;padding:12px 22px;border-radius:6px">${e(action.label)}</a></p>
<p style="margin:0 0 12px;font-size:13px;color:#52606d">If the button does not work, copy this address into your browser:<br><span style="word-break:break-all">${e(action.link)}</span></p>
${action.after.map((t) => `<p style="margin:0 0 12px;font-size:13px;color:#52606d">${e(t)}</p>`).join('\n')}`
    : ''
}
</td></tr>
<tr><td style="padding-top:24px;font-size:13px;color:#7b8794">${e(yard.yardName)}${contact ? ` · ${e(contact)}` : ''}</td></tr>
</table></td></tr></table></body></html>`;
  return { subject, text, html };
}

const hello = (firstName: string) => (firstName ? `Hi ${firstName},` : 'Hello,');

export function renderPasswordResetEmail(
  d: YardLine & { firstName: string; link: string; validMinutes: number },
): Rendered {
  return render(
    d,
    `Reset your ${d.yardName} portal password`,
    hello(d.firstName),
    [
      'Someone asked to reset the password of your customer portal account. To choose a new password, open this link:',
    ],
    {
      label: 'Choose a new password',
      link: d.link,
      after: [
        `The link works once and for ${d.validMinutes} minutes.`,
        'If you did not ask for this, you can ignore this email: your password stays as it is.',
      ],
    },
  );
}

export function renderPasswordChangedEmail(
  d: YardLine & { firstName: string; signInLink: string; how: 'reset' | 'change' },
): Rendered {
  return render(d, `Your ${d.yardName} portal password was changed`, hello(d.firstName), [
    d.how === 'reset'
      ? 'The password of your customer portal account was just reset with a link sent to this address.'
      : 'The password of your customer portal account was just changed.',
    `Sign in with the new password at ${d.signInLink}`,
    `If this was not you, reset your password from the sign-in page at once and contact ${d.yardName}.`,
  ]);
}

export function renderConfirmEmailChange(
  d: YardLine & { firstName: string; newEmail: string; link: string; validHours: number },
): Rendered {
  return render(
    d,
    `Confirm your new email address for ${d.yardName}`,
    hello(d.firstName),
    [
      `You asked to use ${d.newEmail} for your ${d.yardName} customer portal account. Until you confirm it, your old address stays in use.`,
    ],
    {
      label: 'Confirm this address',
      link: d.link,
      after: [
        `The link works once and for ${d.validHours} hours.`,
        'If you did not ask for this, you can ignore this email: nothing changes.',
      ],
    },
  );
}

/**
 * "n***@example.com": enough for the owner to recognise their own new address, too little
 * for someone else reading the old inbox to learn where the account went.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/** Sent to the old address once a change is confirmed: the last word that address gets. */
export function renderEmailChangedNotice(
  d: YardLine & { firstName: string; newEmail: string; changedAt: Date; timeZone: string },
): Rendered {
  const when = d.changedAt.toLocaleString('en-US', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: d.timeZone,
  });
  const contact = [d.yardPhone, d.yardEmail].filter(Boolean).join(' or ');
  return render(d, `Your ${d.yardName} portal email address was changed`, hello(d.firstName), [
    `The email address of your ${d.yardName} customer portal account was changed to ${maskEmail(d.newEmail)} on ${when}.`,
    'From now on you sign in with the new address, and portal emails go there instead of here. You were signed out of the portal on your other devices.',
    `If this was not you, contact ${d.yardName}${contact ? ` at ${contact}` : ''} at once.`,
  ]);
}

/**
 * Answers "send me a new invite link" for an address whose customer already joined the
 * portal: no invite, but the way in. `loginEmail` is set (masked) when the account signs in
 * with another address than the one this goes to.
 */
export function renderAccountExistsEmail(
  d: YardLine & { firstName: string; signInLink: string; forgotLink: string; loginEmail: string | null },
): Rendered {
  return render(
    d,
    `You already have a ${d.yardName} portal account`,
    hello(d.firstName),
    [
      `Someone asked for a new invite to the ${d.yardName} customer portal for this address. You already have an account, so there is nothing to accept: sign in with your email address and password.`,
      ...(d.loginEmail ? [`Your account signs in with ${maskEmail(d.loginEmail)}.`] : []),
      `Forgot your password? Choose a new one at ${d.forgotLink}`,
    ],
    {
      label: 'Sign in',
      link: d.signInLink,
      after: ['If you did not ask for this, you can ignore this email: nothing changes.'],
    },
  );
}

/**
 * "A passkey was added to your account" (or removed): a passkey is a way in, so the owner
 * hears of every change to them, with the name given and when, in the yard's time zone.
 */
export function renderPasskeyNotice(
  d: YardLine & {
    firstName: string;
    added: boolean;
    byYard: boolean;
    name: string;
    at: Date;
    timeZone: string;
    accountLink: string;
  },
): Rendered {
  const when = d.at.toLocaleString('en-US', { dateStyle: 'long', timeStyle: 'short', timeZone: d.timeZone });
  const contact = [d.yardPhone, d.yardEmail].filter(Boolean).join(' or ');
  const reach = `${d.yardName}${contact ? ` at ${contact}` : ''}`;
  if (d.added) {
    return render(d, `A passkey was added to your ${d.yardName} portal account`, hello(d.firstName), [
      `A passkey named "${d.name}" was added to your ${d.yardName} customer portal account on ${when}. From now on it signs you in without your password.`,
      `You can see and remove your passkeys on your account page: ${d.accountLink}`,
      `If this was not you, sign in, remove the passkey, change your password, and contact ${reach} at once.`,
    ]);
  }
  return render(d, `A passkey was removed from your ${d.yardName} portal account`, hello(d.firstName), [
    d.byYard
      ? `${d.yardName} removed the passkey "${d.name}" from your customer portal account on ${when}, as asked (for example after a lost phone). It no longer signs you in.`
      : `The passkey "${d.name}" was removed from your ${d.yardName} customer portal account on ${when}. It no longer signs you in.`,
    `You still sign in with your email and password, and can add a new passkey on your account page: ${d.accountLink}`,
    `If you did not expect this, contact ${reach}.`,
  ]);
}
