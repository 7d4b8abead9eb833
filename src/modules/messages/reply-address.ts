import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed reply addresses (docs/messages.md): `reply+<side>.<thread>.<signature>@<domain>`,
 * where side is `c` (the customer replies) or `s` (the yard replies), thread the thread's id
 * as 32 hex digits and signature the first 20 hex digits of an HMAC-SHA256 over both with a
 * server secret. Lower case only, and 63 characters before the @, so mail servers that
 * lower-case or cap local parts (64) keep it intact.
 */
export type ReplySide = 'c' | 's';

const SIG_CHARS = 20;
const LOCAL = /^reply\+([cs])\.([0-9a-f]{32})\.([0-9a-f]{20})$/;

const signature = (secret: string, side: ReplySide, hex: string) =>
  createHmac('sha256', secret).update(`slipway-reply:${side}:${hex}`).digest('hex').slice(0, SIG_CHARS);

const toHex = (uuid: string) => uuid.replace(/-/g, '').toLowerCase();
const toUuid = (hex: string) =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

export function replyAddress(secret: string, domain: string, side: ReplySide, threadId: string): string {
  const hex = toHex(threadId);
  return `reply+${side}.${hex}.${signature(secret, side, hex)}@${domain}`;
}

/** Whether an address is one of ours in form (right domain, reply+ local part), signed or not. */
export function looksLikeReplyAddress(address: string, domain: string): boolean {
  const at = address.lastIndexOf('@');
  if (at < 0) return false;
  return address.slice(at + 1).toLowerCase() === domain && address.toLowerCase().startsWith('reply+');
}

export type ReplyCheck =
  | { ok: true; side: ReplySide; threadId: string }
  | { ok: false; reason: 'not_reply_address' | 'bad_signature' };

/** The thread and side a reply address names, when its signature is right. */
export function checkReplyAddress(secret: string, domain: string, address: string): ReplyCheck {
  if (!looksLikeReplyAddress(address, domain)) return { ok: false, reason: 'not_reply_address' };
  const local = address.slice(0, address.lastIndexOf('@')).toLowerCase();
  const m = LOCAL.exec(local);
  if (!m) return { ok: false, reason: 'bad_signature' };
  const [, side, hex, sig] = m;
  const want = Buffer.from(signature(secret, side as ReplySide, hex));
  if (!timingSafeEqual(want, Buffer.from(sig))) return { ok: false, reason: 'bad_signature' };
  return { ok: true, side: side as ReplySide, threadId: toUuid(hex) };
}
