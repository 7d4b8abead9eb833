import { expect, it } from 'vitest';
import { stripQuoted } from './quoted-text.js';
import { checkReplyAddress, replyAddress } from './reply-address.js';

it('keeps the new text of a reply and cuts the quoted history and the signature', () => {
  expect(stripQuoted('Thanks!\r\n\r\nOn Mon, 1 Dec 2026 at 09:00, Yard <a@b.c> wrote:\r\n> old')).toBe(
    'Thanks!',
  );
  expect(stripQuoted('Fine.\nOn Mon, 1 Dec 2026 at 09:00, Harbour Yard\n<a@b.c> wrote:\n> old')).toBe(
    'Fine.',
  );
  expect(stripQuoted('Ok\n-- \nAva Thompson\n555-0100')).toBe('Ok');
  expect(stripQuoted('Ok\n\n-----Original Message-----\nFrom: x')).toBe('Ok');
  expect(stripQuoted('Ok\n\nFrom: Yard <a@b.c>\nSent: Monday\nTo: me\n\nold')).toBe('Ok');
  expect(stripQuoted('Le lun. 1 déc. 2026, Yard a écrit :\n> old')).toBe('');
  expect(stripQuoted('Line one\n> quoted inline\nLine two')).toBe('Line one\nLine two');
  // "From:" in the middle of a sentence is the writer's text.
  expect(stripQuoted('From: the dock, I can see the boat.')).toBe('From: the dock, I can see the boat.');
});

it('signs reply addresses per thread and side, and refuses any change to them', () => {
  const id = '0b9f4a0e-3c1d-4e5f-8a7b-123456789abc';
  const a = replyAddress('secret-one', 'reply.example', 'c', id);
  expect(a).toMatch(/^reply\+c\.0b9f4a0e3c1d4e5f8a7b123456789abc\.[0-9a-f]{20}@reply\.example$/);
  expect(a.split('@')[0].length).toBeLessThanOrEqual(64);
  expect(checkReplyAddress('secret-one', 'reply.example', a)).toEqual({ ok: true, side: 'c', threadId: id });
  // Mail servers that upper-case addresses do not break it.
  expect(checkReplyAddress('secret-one', 'reply.example', a.toUpperCase()).ok).toBe(true);
  expect(checkReplyAddress('secret-two', 'reply.example', a)).toEqual({ ok: false, reason: 'bad_signature' });
  expect(checkReplyAddress('secret-one', 'reply.example', a.replace('reply+c', 'reply+s')).ok).toBe(false);
  expect(checkReplyAddress('secret-one', 'other.example', a)).toEqual({
    ok: false,
    reason: 'not_reply_address',
  });
});
