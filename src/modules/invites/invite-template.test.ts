import { describe, expect, it } from 'vitest';
import { AppError } from '../../server/errors.js';
import {
  checkInviteTemplate,
  DEFAULT_INVITE_TEMPLATE,
  INVITE_PLACEHOLDERS,
  inviteTemplateProblems,
  parseTemplate,
} from './invite-template.js';

const valid = { ...DEFAULT_INVITE_TEMPLATE };
const problemsOf = (over: Partial<typeof valid>) => inviteTemplateProblems({ ...valid, ...over });
const messages = (over: Partial<typeof valid>) => problemsOf(over).map((p) => `${p.field}: ${p.message}`);

function refusal(over: Partial<typeof valid>): AppError {
  try {
    checkInviteTemplate({ ...valid, ...over });
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('the template was accepted');
}

const fieldsOf = (err: AppError) => (err.details?.fields ?? {}) as Record<string, string>;

describe('invite template checks', () => {
  it('accepts the default wording, which uses every known placeholder it needs', () => {
    expect(inviteTemplateProblems(valid)).toEqual([]);
    const used = parseTemplate(valid.body).flatMap((p) => (p.kind === 'placeholder' ? [p.name] : []));
    expect(used).toEqual(expect.arrayContaining(['yard_name', 'portal_link', 'link_expiry_date']));
    expect(INVITE_PLACEHOLDERS.every((p) => p.description.length > 0)).toBe(true);
  });

  it('refuses a body without {portal_link}, saying why', () => {
    const err = refusal({ body: 'Welcome aboard! Pick a password soon.' });
    expect(err.status).toBe(422);
    expect(err.code).toBe('INVALID_INVITE_TEMPLATE');
    expect(err.message).toContain('The body must contain {portal_link}, or customers get no way in');
    expect(fieldsOf(err).body).toContain('{portal_link}');
  });

  it('accepts {portal_link} more than once, and inside running text', () => {
    expect(problemsOf({ body: 'Start here: {portal_link}.\n\n{portal_link}' })).toEqual([]);
  });

  it('refuses {portal_link} in the subject and the greeting', () => {
    expect(messages({ subject: 'Your link: {portal_link}' })).toEqual([
      expect.stringMatching(/^subject: The subject cannot contain \{portal_link\}/),
    ]);
    expect(messages({ greeting: 'Hi, {portal_link}' })).toEqual([
      expect.stringMatching(/^greeting: The greeting cannot contain \{portal_link\}/),
    ]);
  });

  it.each([
    ['{ portal_link }', '{portal_link}'],
    ['{{yard_name}}', '{yard_name}'],
    ['{Portal_Link}', '{portal_link}'],
    ['{portal link}', '{portal_link}'],
  ])('treats the near-miss %s as unknown and suggests %s', (raw, meant) => {
    const err = refusal({ body: `${raw}\n\n{portal_link}` });
    expect(err.message).toContain(`unknown placeholder: ${raw}`);
    expect(err.message).toContain(`write ${meant} instead of ${raw}`);
    expect(err.message).toContain('{customer_first_name}, {customer_last_name}');
    expect(err.details?.unknownPlaceholders).toEqual([raw]);
    expect(err.details?.knownPlaceholders).toContain('{link_expiry_date}');
  });

  it('names every unknown placeholder once and lists the known ones', () => {
    const err = refusal({ subject: 'Hello {boat_name} and {boat_name}', body: '{portal_link} {first}' });
    const fields = fieldsOf(err);
    expect(fields.subject).toContain('an unknown placeholder: {boat_name}. Placeholders');
    expect(fields.body).toContain('{first}');
    expect(fields.body).toContain('The known ones are {customer_first_name}');
    expect(err.details?.unknownPlaceholders).toEqual(['{boat_name}', '{first}']);
  });

  it('refuses stray curly braces', () => {
    expect(messages({ body: 'Click {portal_link and enjoy {portal_link}' })).toEqual([
      expect.stringMatching(/^body: The body has a \{ or \} that is not part of a placeholder/),
    ]);
  });

  it('checks lengths and single lines', () => {
    expect(messages({ subject: '' })).toEqual([
      expect.stringMatching(/^subject: The subject cannot be empty/),
    ]);
    expect(messages({ subject: 'x'.repeat(201) })).toEqual([
      expect.stringMatching(/^subject: The subject can be at most 200 characters; it has 201/),
    ]);
    expect(problemsOf({ subject: 'é'.repeat(200) })).toEqual([]);
    expect(messages({ subject: 'Two\nlines' })).toEqual([expect.stringMatching(/single line/)]);
    expect(problemsOf({ greeting: '' })).toEqual([]);
    expect(messages({ greeting: 'x'.repeat(201) })).toEqual([expect.stringMatching(/at most 200/)]);
    expect(messages({ greeting: 'Hi\r\nthere' })).toEqual([
      expect.stringMatching(/^greeting: .*single line/),
    ]);
    expect(messages({ body: '' })).toEqual([expect.stringMatching(/^body: The body cannot be empty/)]);
    const long = `{portal_link}\n\n${'x'.repeat(4985)}`;
    expect(problemsOf({ body: long })).toEqual([]);
    expect(messages({ body: `${long}x` })).toEqual([
      expect.stringMatching(/at most 5000 characters; it has 5001/),
    ]);
  });

  it('normalizes before checking and saving: trimmed lines, \\n line endings', () => {
    expect(
      checkInviteTemplate({
        subject: '  Hello \n',
        greeting: ' Hi ',
        body: '\r\n{portal_link}\r\n\r\nBye\r\n',
      }),
    ).toEqual({
      subject: 'Hello',
      greeting: 'Hi',
      body: '{portal_link}\n\nBye',
    });
  });

  it('reports every field at once', () => {
    const err = refusal({ subject: '', greeting: '{portal_link}', body: 'no link' });
    expect(Object.keys(fieldsOf(err))).toEqual(['subject', 'greeting', 'body']);
  });
});
