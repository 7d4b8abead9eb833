import { AppError } from '../../server/errors.js';
import type { InviteTemplateInput } from '../../shared/api-types.js';

/**
 * The yard's wording of the portal invite: placeholders, the default wording and the
 * checks a template must pass before it is saved or previewed. Pure; rendering is in
 * invite-email.ts.
 */

export const INVITE_PLACEHOLDERS = [
  { name: 'customer_first_name', description: 'The customer’s first name ("there" when it is empty).' },
  { name: 'customer_last_name', description: 'The customer’s last name.' },
  { name: 'customer_name', description: 'The customer’s first and last name.' },
  { name: 'yard_name', description: 'Your yard’s name.' },
  { name: 'yard_phone', description: 'Your yard’s phone number.' },
  { name: 'yard_email', description: 'Your yard’s email address.' },
  {
    name: 'portal_link',
    description:
      'The customer’s personal link for picking a password. On a line of its own it becomes the Pick your password button.',
  },
  { name: 'link_expiry_date', description: 'The date the link stops working, e.g. Monday, June 9, 2025.' },
] as const;

export type PlaceholderName = (typeof INVITE_PLACEHOLDERS)[number]['name'];

const KNOWN = new Set<string>(INVITE_PLACEHOLDERS.map((p) => p.name));
export const KNOWN_PLACEHOLDER_LIST = INVITE_PLACEHOLDERS.map((p) => `{${p.name}}`).join(', ');

/** Today's wording of the invite, written with placeholders: what a yard gets until it saves its own. */
export const DEFAULT_INVITE_TEMPLATE: InviteTemplateInput = Object.freeze({
  subject: '{yard_name} invited you to their customer portal',
  greeting: 'Hi {customer_first_name},',
  body: [
    '{yard_name} has set up a customer portal for you. Your boats, order history, estimates and invoices are already there.',
    'All you need to do is pick a password:',
    '{portal_link}',
    'Once you are in, you can request service, pay invoices, accept estimates and view your order history.',
    "This link works once and expires on {link_expiry_date}.\nIf you weren't expecting this email, you can ignore it.",
  ].join('\n\n'),
});

export const TEMPLATE_LIMITS = { subject: 200, greeting: 200, body: 5000 } as const;

export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'placeholder'; name: PlaceholderName }
  /** Anything in curly braces that is not exactly a known placeholder, e.g. `{ portal_link }`. */
  | { kind: 'unknown'; raw: string };

// Runs of braces are taken whole, so `{{yard_name}}` is one (unknown) token, not `{yard_name}` in braces.
const TOKEN = /\{+[^{}]*\}+/g;

export function parseTemplate(source: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let at = 0;
  for (const m of source.matchAll(TOKEN)) {
    if (m.index > at) parts.push({ kind: 'text', text: source.slice(at, m.index) });
    const name = m[0].slice(1, -1);
    parts.push(
      /^\{[a-z_]+\}$/.test(m[0]) && KNOWN.has(name)
        ? { kind: 'placeholder', name: name as PlaceholderName }
        : { kind: 'unknown', raw: m[0] },
    );
    at = m.index + m[0].length;
  }
  if (at < source.length) parts.push({ kind: 'text', text: source.slice(at) });
  return parts;
}

/** Line endings as \n and no blank edges, so what is checked is what is stored and rendered. */
export function normalizeInviteTemplate(t: InviteTemplateInput): InviteTemplateInput {
  return {
    subject: t.subject.trim(),
    greeting: t.greeting.trim(),
    body: t.body.replace(/\r\n?/g, '\n').trim(),
  };
}

export type TemplateField = keyof InviteTemplateInput;
export interface TemplateProblem {
  field: TemplateField;
  message: string;
}

const LABEL: Record<TemplateField, string> = { subject: 'subject', greeting: 'greeting', body: 'body' };
const length = (s: string) => [...s].length;
/** What a near-miss such as `{ Portal Link }` or `{{yard_name}}` was probably meant to be. */
const squash = (raw: string) =>
  raw
    .replace(/[{}]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

function placeholderProblems(field: TemplateField, source: string): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const parts = parseTemplate(source);
  const unknown = [...new Set(parts.flatMap((p) => (p.kind === 'unknown' ? [p.raw] : [])))];
  if (unknown.length) {
    const hints = unknown.flatMap((raw) => {
      const guess = squash(raw);
      return KNOWN.has(guess) && raw !== `{${guess}}` ? [`write {${guess}} instead of ${raw}`] : [];
    });
    problems.push({
      field,
      message:
        `The ${LABEL[field]} has ${unknown.length === 1 ? 'an unknown placeholder' : 'unknown placeholders'}: ${unknown.join(', ')}. ` +
        (hints.length ? `Did you mean to ${hints.join('; ')}? ` : '') +
        `Placeholders are written in single curly braces, in lower case, without spaces. The known ones are ${KNOWN_PLACEHOLDER_LIST}.`,
    });
  }
  const stray = parts.some((p) => p.kind === 'text' && /[{}]/.test(p.text));
  if (stray) {
    problems.push({
      field,
      message: `The ${LABEL[field]} has a { or } that is not part of a placeholder. Curly braces can only go around a placeholder name such as {yard_name}; remove the stray brace.`,
    });
  }
  return problems;
}

function lineProblems(field: 'subject' | 'greeting', value: string, required: boolean): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const label = LABEL[field];
  const max = TEMPLATE_LIMITS[field];
  if (required && value.length === 0) {
    problems.push({
      field,
      message: `The ${label} cannot be empty. Write what the email is about, e.g. ${DEFAULT_INVITE_TEMPLATE.subject}.`,
    });
  }
  if (length(value) > max) {
    problems.push({
      field,
      message: `The ${label} can be at most ${max} characters; it has ${length(value)}. Shorten it.`,
    });
  }
  if (/[\r\n]/.test(value)) {
    problems.push({ field, message: `The ${label} must be a single line; remove the line breaks.` });
  }
  if (parseTemplate(value).some((p) => p.kind === 'placeholder' && p.name === 'portal_link')) {
    problems.push({
      field,
      message: `The ${label} cannot contain {portal_link}: the link belongs in the body, where customers can click it. Remove it from the ${label}.`,
    });
  }
  return [...problems, ...placeholderProblems(field, value)];
}

/** Every problem of a (normalized) template, in field order; empty when it can be saved. */
export function inviteTemplateProblems(t: InviteTemplateInput): TemplateProblem[] {
  const problems = [
    ...lineProblems('subject', t.subject, true),
    ...lineProblems('greeting', t.greeting, false),
  ];
  const max = TEMPLATE_LIMITS.body;
  if (t.body.length === 0) {
    problems.push({
      field: 'body',
      message: 'The body cannot be empty. It must at least contain {portal_link}, the customer’s way in.',
    });
  } else if (!parseTemplate(t.body).some((p) => p.kind === 'placeholder' && p.name === 'portal_link')) {
    problems.push({
      field: 'body',
      message:
        'The body must contain {portal_link}, or customers get no way in. Put it on a line of its own to show the Pick your password button.',
    });
  }
  if (length(t.body) > max) {
    problems.push({
      field: 'body',
      message: `The body can be at most ${max} characters; it has ${length(t.body)}. Shorten it.`,
    });
  }
  problems.push(...placeholderProblems('body', t.body));
  return problems;
}

/**
 * The template, normalized, or a 422 in the app's error format: `message` says everything
 * that is wrong, `details.fields` has the messages per field (as the VALIDATION errors do),
 * `details.knownPlaceholders` the names a template may use.
 */
export function checkInviteTemplate(input: InviteTemplateInput): InviteTemplateInput {
  const template = normalizeInviteTemplate(input);
  const problems = inviteTemplateProblems(template);
  if (problems.length === 0) return template;
  const fields: Record<string, string> = {};
  for (const p of problems) fields[p.field] = fields[p.field] ? `${fields[p.field]} ${p.message}` : p.message;
  const unknownPlaceholders = [
    ...new Set(
      (['subject', 'greeting', 'body'] as const).flatMap((f) =>
        parseTemplate(template[f]).flatMap((p) => (p.kind === 'unknown' ? [p.raw] : [])),
      ),
    ),
  ];
  throw new AppError('INVALID_INVITE_TEMPLATE', problems.map((p) => p.message).join(' '), {
    fields,
    unknownPlaceholders,
    knownPlaceholders: INVITE_PLACEHOLDERS.map((p) => `{${p.name}}`),
  });
}
