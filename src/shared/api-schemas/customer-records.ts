import { z } from 'zod';
import { emailAddress, multiLine, singleLine } from './text-fields.js';

// Customers kept by hand: create, edit every field, archive, restore, merge (docs/customers.md).

export const ContactLabel = z.enum(['mobile', 'home', 'work', 'other'], {
  error: 'Choose mobile, home, work or other',
});

const email = (label: string) =>
  emailAddress(label, `${label}: enter a valid email address, e.g. name@example.com`).toLowerCase();

/** A further email or phone beside the primary one; `label` says whose or where. */
export const ContactEntry = z
  .object({
    value: singleLine('Contact', 254).min(1, 'Enter the email address or phone number, or remove the row'),
    label: ContactLabel.default('other'),
  })
  .strict();

/** Notes are the office's own: several lines, never shown in the portal. */
export const NOTES_MAX = 4000;
const optionalText = (max: number, label: string) => singleLine(label, max).nullable().optional();

const customerFields = {
  firstName: singleLine('First name', 100).optional(),
  lastName: singleLine('Last name', 100).optional(),
  company: optionalText(200, 'Company'),
  email: emailAddress('Email', 'Enter a valid email address, e.g. name@example.com', { allowEmpty: true })
    .toLowerCase()
    .nullable()
    .optional(),
  phone: optionalText(40, 'Phone'),
  phoneType: ContactLabel.nullable().optional(),
  otherEmails: z
    .array(ContactEntry.extend({ value: email('Other email') }), { error: 'List other emails as an array' })
    .max(10, 'Keep at most 10 other emails')
    .optional(),
  otherPhones: z
    .array(ContactEntry.extend({ value: singleLine('Other phone', 40).min(1, 'Enter the phone number') }), {
      error: 'List other phones as an array',
    })
    .max(10, 'Keep at most 10 other phones')
    .optional(),
  street: optionalText(200, 'Street'),
  city: optionalText(100, 'City'),
  state: optionalText(50, 'State'),
  postalCode: optionalText(20, 'Postal code'),
  notes: multiLine('Notes', NOTES_MAX).nullable().optional(),
  customerNumber: z
    .number({ error: 'Customer number must be a whole number such as 1042' })
    .int('Customer number must be a whole number such as 1042')
    .min(1, 'Customer number must be 1 or more')
    .max(999_999_999, 'Customer number can have at most 9 digits')
    .optional(),
};

export const CreateCustomerRequest = z
  .object({
    ...customerFields,
    /** Create even when the email or a phone is already on file for another customer. */
    allowDuplicate: z.boolean().optional(),
  })
  .strict()
  .refine((c) => !!(c.firstName || c.lastName || c.company), {
    message: 'Enter a first or last name, or a company',
    path: ['firstName'],
  });

/**
 * Every field may be changed; the lists of other emails and phones are replaced whole. A
 * name may be emptied as long as a name or the company remains (checked with the stored row).
 */
export const UpdateCustomerRequest = z.object(customerFields).strict();

export const ContactView = z.object({ value: z.string(), label: ContactLabel });

/** What staff see of a customer beyond what the customer sees in the portal. */
export const CustomerDetails = z.object({
  phoneType: ContactLabel.nullable(),
  otherEmails: z.array(ContactView),
  otherPhones: z.array(ContactView),
  notes: z.string().nullable(),
  archivedAt: z.string().nullable(),
  /** Set on a customer merged into another: the one kept. */
  mergedInto: z.object({ id: z.string(), customerNumber: z.number(), name: z.string() }).nullable(),
});

/** One customer already on file with the same email or phone (409 POSSIBLE_DUPLICATE's details.matches). */
export const DuplicateMatch = z.object({
  id: z.string(),
  customerNumber: z.number(),
  name: z.string(),
  matched: z.array(z.enum(['email', 'phone'])),
  archived: z.boolean(),
});

export const CreateCustomerResponse = z.object({ id: z.string(), customerNumber: z.number() });

export const MergeCustomerRequest = z
  .object({
    mergeId: z.string().uuid('Pick the customer to merge from the search'),
    /** Both customers have a portal account: whose account stays (the other is disabled). */
    keepAccountOf: z.enum(['kept', 'merged']).optional(),
  })
  .strict();

export const MergePreviewQuery = z.object({
  mergeId: z.string().uuid('Pick the customer to merge from the search'),
});

/** How many rows of each kind move from the merged customer to the kept one. */
export const MergeCounts = z.record(z.string(), z.number());

const MergeSide = z.object({
  id: z.string(),
  customerNumber: z.number(),
  name: z.string(),
  email: z.string().nullable(),
  /** The login email of the customer's portal account, if they have one. */
  portalLogin: z.string().nullable(),
});

export const MergePreviewResponse = z.object({
  kept: MergeSide,
  merged: MergeSide,
  moves: MergeCounts,
  /** Both have a portal account: the merge needs `keepAccountOf`. */
  needsAccountChoice: z.boolean(),
});

export const MergeResponse = z.object({ customerId: z.string(), moved: MergeCounts });
