import { sql } from 'kysely';
import type { Agent, Harness } from './harness.js';
import { multipartBody, type UploadPart } from './photos.js';

/** Helpers of the messages tests (src/modules/messages, test/e2e/messages.test.ts). */
export const INBOUND_TOKEN = 'inbound-token-0123456789abcdef0123456789';
export const INBOUND_DOMAIN = 'reply.slipway.test';
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

export const file = (fileName: string, contentType: string, data: Buffer): UploadPart => ({
  name: 'files',
  file: { fileName, contentType, data },
});

/** Sends a message as a form from this agent. */
export function postMessage(agent: Agent, url: string, parts: UploadPart[]) {
  const { payload, contentType } = multipartBody(parts);
  return agent.postRaw(url, payload, contentType);
}

/** A raw reply as a mail program writes it: new text, then the quoted history. */
export function replyMime(o: { from: string; to: string; text: string; headers?: string }) {
  return Buffer.from(
    [
      `From: Someone <${o.from}>`,
      `To: <${o.to}>`,
      'Subject: Re: New message',
      'Message-ID: <r1@mail.example>',
      ...(o.headers ? [o.headers] : []),
      'Content-Type: text/plain; charset=utf-8',
      '',
      o.text,
      '',
    ].join('\r\n'),
  );
}

/** Waits until every message-email job about this message is done (sent or skipped). */
export async function mailJobDone(h: Harness, messageId: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { rows } = await sql<{ state: string }>`
      SELECT state FROM pgboss.job WHERE name = 'message-email' AND data->>'messageId' = ${messageId}`.execute(
      h.deps.database.db,
    );
    if (rows.length > 0 && rows.every((r) => r.state === 'completed')) return;
    if (Date.now() > deadline)
      throw new Error(`message-email job for ${messageId}: ${rows.map((r) => r.state)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
