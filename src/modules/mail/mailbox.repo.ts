import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** The built-in catcher's mailbox: the only file of the mail module that touches the database. */
export function mailboxRepo(db: Kysely<DB>) {
  return {
    add: (m: {
      from: string | null;
      to: string;
      subject: string | null;
      text: string | null;
      html: string | null;
    }) =>
      db
        .insertInto('mailbox_messages')
        .values({
          mail_from: m.from,
          rcpt_to: m.to,
          subject: m.subject,
          text_body: m.text,
          html_body: m.html,
        })
        .execute(),

    /** The newest messages first, without their bodies. */
    latest: (limit: number) =>
      db
        .selectFrom('mailbox_messages')
        .select(['id', 'received_at', 'mail_from', 'rcpt_to', 'subject'])
        .orderBy('received_at', 'desc')
        .limit(limit)
        .execute(),

    find: (id: string) =>
      db.selectFrom('mailbox_messages').selectAll().where('id', '=', id).executeTakeFirst(),
  };
}
