/** The mailbox bundle: loaded only when /mailbox is opened. */
export { MailboxPage } from './mailbox-page';
