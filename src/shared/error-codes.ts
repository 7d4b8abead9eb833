/**
 * Every error code the API answers with, its HTTP status and the sentence shown when the
 * place that raises it has nothing more specific to say. Clients and tests match on the
 * code, so a code is never renamed or reused for another meaning; add a new one instead.
 * The server's AppError and error handler accept only these codes, the wire schema lists
 * them, and the web app's ApiError is typed by them. docs/api.md ("Errors") describes when
 * each one happens.
 *
 * No imports: the web bundle uses this file.
 */
export const ERROR_CODES = {
  // Requests the server could not take as they are
  BAD_REQUEST: { status: 400, message: 'The request could not be read. Reload the page and try again.' },
  VALIDATION: { status: 422, message: 'Some of the input is not valid.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send this as a form (multipart/form-data).' },
  TOO_MANY_FIELDS: { status: 413, message: 'The form has more fields than expected.' },
  FILE_TOO_LARGE: { status: 413, message: 'The file is too large. Split it into smaller files.' },
  NOT_FOUND: { status: 404, message: 'There is nothing at this address.' },
  INTERNAL: {
    status: 500,
    message: 'Something went wrong on our side. Please try again; if it keeps happening, contact support.',
  },
  BUSY: { status: 503, message: 'The server is busy with this kind of work. Try again in a moment.' },
  DATABASE_UNAVAILABLE: {
    status: 503,
    message: 'Slipway cannot reach its database right now. Try again in a few seconds.',
  },

  // Sessions, sign-in and request safety
  UNAUTHENTICATED: { status: 401, message: 'Please sign in to continue.' },
  BAD_CREDENTIALS: {
    status: 401,
    message: 'That email and password do not match. Check both and try again.',
  },
  PORTAL_ACCESS_CLOSED: {
    status: 403,
    message: 'The yard has closed your portal access. Contact the yard if you need it again.',
  },
  RATE_LIMITED: { status: 429, message: 'Too many attempts. Please wait a few minutes and try again.' },
  CSRF_INVALID: { status: 403, message: 'Your session form expired. Reload the page and try again.' },
  OWNER_ONLY: {
    status: 403,
    message: "Only the yard's owner can change this. Ask the owner to make the change.",
  },
  ROLE_FORBIDDEN: {
    status: 403,
    message: 'Your role at this yard does not allow this. Ask the owner if you need it.',
  },
  ACCESS_ROLE_FORBIDDEN: {
    status: 403,
    message: 'Your access to this account does not allow this. Ask the account holder if you need it.',
  },
  ACCESS_ENDED: {
    status: 403,
    message: 'Your access to this portal has ended. Ask the account holder to invite you again.',
  },
  ACCESS_INVITE_REVOKED: {
    status: 410,
    message: 'This invitation was withdrawn. Ask the account holder to invite you again.',
  },
  FORBIDDEN_HOST: {
    status: 403,
    message: 'The mailbox answers only at localhost or the address in PUBLIC_URL.',
  },

  // Passwords and the customer's account
  WEAK_PASSWORD: { status: 422, message: 'Choose a stronger password.' },
  PASSWORD_MISMATCH: {
    status: 422,
    message: 'The two passwords do not match. Type the same password twice.',
  },
  SAME_EMAIL: { status: 422, message: 'That is already the email address of your account.' },
  EMAIL_TAKEN: {
    status: 409,
    message: 'Another portal account at this yard already uses that email address.',
  },
  ACCOUNT_EXISTS: {
    status: 409,
    message: 'A portal account already uses this email address at this yard. Sign in instead.',
  },

  // Passkeys (docs/passkeys.md)
  PASSKEY_CHALLENGE_INVALID: {
    status: 400,
    message: 'This passkey request expired or was already used. Start again.',
  },
  PASSKEY_NOT_VERIFIED: {
    status: 400,
    message: 'Your device answered in a way we could not verify. Try again, or use another device.',
  },
  PASSKEY_NOT_RECOGNISED: {
    status: 401,
    message:
      'That passkey does not open an account at this portal. Sign in with your email and password instead.',
  },
  PASSKEY_ALREADY_ADDED: { status: 409, message: 'This passkey is already on your account.' },
  PASSKEY_LIMIT: {
    status: 409,
    message: 'Your account has as many passkeys as it can have. Remove one you no longer use first.',
  },
  RECENT_SIGN_IN_NEEDED: {
    status: 403,
    message: 'For your safety, enter your current password to change the passkeys of your account.',
  },

  // Single-use links: invites, email confirmations, password resets
  INVITE_UNKNOWN: { status: 404, message: 'We do not recognise this invite link.' },
  INVITE_USED: { status: 410, message: 'This invite link has already been used.' },
  INVITE_EXPIRED: { status: 410, message: 'This invite link has expired.' },
  INVITE_SUPERSEDED: { status: 410, message: 'This invite link was replaced by a newer one.' },
  EMAIL_LINK_UNKNOWN: { status: 404, message: 'We do not recognise this confirmation link.' },
  EMAIL_LINK_USED: { status: 410, message: 'This address was already confirmed with this link.' },
  EMAIL_LINK_EXPIRED: { status: 410, message: 'This confirmation link has expired.' },
  EMAIL_LINK_SUPERSEDED: { status: 410, message: 'This confirmation link was replaced by a newer request.' },
  EMAIL_LINK_CANCELLED: {
    status: 410,
    message: 'This confirmation link was cancelled because the password was changed.',
  },
  RESET_UNKNOWN: { status: 404, message: 'We do not recognise this reset link.' },
  RESET_USED: { status: 410, message: 'This reset link has already been used.' },
  RESET_EXPIRED: { status: 410, message: 'This reset link has expired.' },
  RESET_SUPERSEDED: { status: 410, message: 'This reset link was replaced by a newer one.' },

  // Inviting customers, one at a time or in bulk
  ALREADY_IN_PORTAL: {
    status: 409,
    message: 'This customer is already in the portal; there is no need to invite them.',
  },
  INVITE_TOO_SOON: { status: 409, message: 'An invite for this customer was sent less than 24 hours ago.' },
  NO_EMAIL: { status: 422, message: 'This customer has no email address on file.' },
  INVALID_INVITE_TEMPLATE: { status: 422, message: 'The invite email wording is not valid.' },
  INVALID_TEMPLATE: { status: 422, message: 'The file does not follow the invite template.' },
  EMPTY_TEMPLATE: { status: 422, message: 'The file has no customer rows under the header.' },
  TOO_MANY_ROWS: {
    status: 422,
    message: 'Too many customers for one bulk invite. Invite them in several batches.',
  },
  BATCH_NOT_IN_PREVIEW: { status: 409, message: 'This bulk invite was already confirmed or discarded.' },
  NOTHING_TO_SEND: {
    status: 409,
    message: 'No row of this file will be invited, so there is nothing to send.',
  },
  BATCH_FINISHED: { status: 409, message: 'This bulk invite has already finished.' },
  IMPORT_NOT_IN_PREVIEW: { status: 409, message: 'This import was already confirmed or discarded.' },
  IMPORT_NOT_FINISHED: { status: 409, message: 'This import has not finished yet.' },

  // Service requests from the portal
  PHOTO_TOO_LARGE: { status: 413, message: 'A photo is larger than 10 MB. Attach a smaller photo.' },
  TOO_MANY_PHOTOS: { status: 413, message: 'Too many photos are attached.' },
  PHOTO_TYPE: { status: 415, message: 'Attach photos as JPEG, PNG, WebP or HEIC.' },
  PHOTO_CONTENT: { status: 415, message: 'A photo does not contain the kind of image its name says.' },
  PHOTO_EMPTY: { status: 422, message: 'A photo is empty.' },

  // Messages between the customer and the yard
  ATTACHMENT_TOO_LARGE: { status: 413, message: 'A file is larger than 10 MB. Attach a smaller file.' },
  TOO_MANY_ATTACHMENTS: { status: 413, message: 'Too many files are attached to the message.' },
  ATTACHMENT_TYPE: { status: 415, message: 'Attach JPEG, PNG, WebP or HEIC photos, or PDFs.' },
  ATTACHMENT_CONTENT: { status: 415, message: 'A file does not contain what its type says.' },
  ATTACHMENT_EMPTY: { status: 422, message: 'A file is empty.' },

  // Orders, estimates, invoices and payments
  NO_ESTIMATE: { status: 409, message: 'This order has no estimate to send yet.' },
  ESTIMATE_NOT_OPEN: { status: 409, message: 'This estimate is not open for an answer.' },
  ESTIMATE_ALREADY_ANSWERED: { status: 409, message: 'This estimate was already answered.' },
  ESTIMATE_CHANGED: { status: 409, message: 'The yard changed this estimate after sending it.' },
  ESTIMATE_SUPERSEDED: {
    status: 409,
    message: 'A newer version of this estimate replaced it. Answer the newest version.',
  },
  REAPPROVAL_PENDING: {
    status: 409,
    message:
      'The yard changed the approved estimate: the order cannot be paid or worked on until the customer approves the new version.',
  },
  LINE_NOT_OPTIONAL: { status: 422, message: 'Only optional lines can be declined.' },
  NO_LINES: { status: 422, message: 'The order has no line items to put on an estimate yet.' },
  ESTIMATE_NOT_DRAFT: {
    status: 409,
    message: 'A sent estimate is never changed. Revise it to make a new version.',
  },
  ESTIMATE_DRAFT_EXISTS: {
    status: 409,
    message: 'A draft of this estimate is already open. Refresh or send it instead.',
  },
  ESTIMATE_NOT_REVISABLE: {
    status: 409,
    message: 'Only the newest version of a sent, accepted or declined estimate can be revised.',
  },
  NO_INVOICE: { status: 409, message: 'This order has no invoice to send yet.' },
  INVOICE_PAID: { status: 409, message: 'This invoice is already paid.' },
  INVOICE_NOT_PAYABLE: { status: 409, message: 'This invoice has nothing left to pay.' },
  AMOUNT_OVER_BALANCE: {
    status: 422,
    message: 'The amount is more than the balance due. Pay at most the balance.',
  },
  PAYMENT_PENDING: {
    status: 409,
    message: 'Another card payment on this invoice is still waiting for confirmation.',
  },
  PAYMENT_IN_PROGRESS: {
    status: 409,
    message: 'This payment is still being started. Try again in a moment.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    message: 'This payment key was already used for a different payment. Reload the page and try again.',
  },
  ESTIMATE_NOT_ACCEPTED: {
    status: 409,
    message: 'Only an accepted estimate can be invoiced. Invoice the order lines instead.',
  },
  NOTHING_TO_INVOICE: { status: 409, message: 'There is nothing to invoice: the order has no lines.' },
  INVOICE_FROZEN: {
    status: 409,
    message: 'A sent invoice cannot be changed. Void and re-issue it, or issue a credit note.',
  },
  INVOICE_HAS_PAYMENTS: {
    status: 409,
    message: 'This invoice has payments: refund the payments first or issue a credit note.',
  },
  INVOICE_NOT_VOID: { status: 409, message: 'Only a void invoice can be re-issued.' },
  OVER_BALANCE: { status: 409, message: 'The amount is more than the balance due.' },
  REFUND_OVER_PAYMENT: { status: 409, message: 'The refund is more than what is left of the payment.' },
  REFUND_FAILED: { status: 502, message: 'The payment provider did not take the refund. Try again.' },
  REFUND_UNCONFIRMED: {
    status: 502,
    message:
      'The payment provider did not confirm the refund. It stays pending and is checked again shortly.',
  },
  REFUND_IN_PROGRESS: {
    status: 409,
    message: 'Another refund of this payment is still with the payment provider. Wait for it to finish.',
  },
  CARD_DECLINED: { status: 402, message: 'The card was declined. Try another card.' },
  BAD_SIGNATURE: { status: 400, message: 'The webhook signature does not match.' },
  CARD_SETUP_PENDING: {
    status: 409,
    message: 'The card is not confirmed yet. Finish the card form, then try again.',
  },
  CARD_EXPIRED: {
    status: 422,
    message: 'This saved card has expired. Choose another card or add a new one.',
  },

  // Staff editing orders, their lines, statuses and the service catalog
  ORDER_CLOSED: {
    status: 409,
    message: 'This order is cancelled or completed and cannot be edited. Reopen it first.',
  },
  STATUS_MOVE_REFUSED: { status: 409, message: 'An order cannot move from its status to that one.' },
  BOAT_OF_ANOTHER_CUSTOMER: { status: 422, message: 'That boat belongs to another customer.' },
  LINE_INVALID: { status: 422, message: 'A line is not valid.' },
  BOAT_LENGTH_MISSING: {
    status: 422,
    message: "Add the boat's length overall first: a per-foot line takes its quantity from it.",
  },
  CATALOG_NAME_TAKEN: { status: 409, message: 'The catalog already has a job with that name.' },

  // New yards and their staff users
  YARD_SLUG_TAKEN: { status: 409, message: 'Another yard already uses that address (slug). Choose another.' },
  STAFF_EMAIL_TAKEN: { status: 409, message: 'A staff member already uses that email address.' },
  LAST_OWNER: { status: 409, message: 'A yard needs at least one active owner.' },
  NOT_YOURSELF: { status: 409, message: 'You cannot deactivate yourself. Ask another owner.' },
  NOT_INVITED: { status: 409, message: 'This staff member has already picked a password.' },
  OPERATOR_TOKEN_INVALID: { status: 401, message: 'The operator token is missing or wrong.' },
  // Customers kept by hand: numbers, duplicates, archive and merge
  CUSTOMER_NUMBER_TAKEN: {
    status: 409,
    message: 'Another customer of this yard has that customer number. Choose another or leave it empty.',
  },
  POSSIBLE_DUPLICATE: {
    status: 409,
    message: 'A customer with this email or phone is already on file. Open them, or create anyway.',
  },
  CUSTOMER_ARCHIVED: {
    status: 409,
    message: 'This customer is archived. Restore them first.',
  },
  CUSTOMER_MERGED: {
    status: 409,
    message: 'This customer was merged into another; open the customer it was merged into.',
  },
  MERGE_SAME_CUSTOMER: {
    status: 422,
    message: 'A customer cannot be merged into itself. Pick another customer.',
  },
  MERGE_NEEDS_ACCOUNT_CHOICE: {
    status: 409,
    message: 'Both customers have a portal account. Choose whose account to keep; the other is disabled.',
  },
  // The yard's settings
  LOGO_TYPE: { status: 415, message: 'Upload the logo as a PNG, JPEG or WebP image.' },
  LOGO_TOO_LARGE: { status: 413, message: 'The logo is larger than 1 MB. Upload a smaller image.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes as a non-empty tuple, for `z.enum` and for lists in docs and tests. */
export const ERROR_CODE_NAMES = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}
