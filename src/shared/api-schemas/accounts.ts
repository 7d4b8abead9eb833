import { z } from 'zod';
import { PortalAccess } from './access.js';
import { CustomerAccountData } from './customers.js';
import { PasswordRules } from './invites.js';
import { singleLine } from './text-fields.js';
import { YardSummary } from './yards.js';

// The portal home, account settings and forgotten passwords (src/modules/accounts).

/** `access`: who is signed in, the record they act for and what they may do (docs/shared-access.md). */
export const PortalMe = CustomerAccountData.extend({ yard: YardSummary, access: PortalAccess });
export const PortalYardResponse = z.object({ yard: YardSummary });

export const PasswordResetLookupResponse = z.object({
  email: z.string(),
  expiresAt: z.string(),
  passwordRules: PasswordRules,
});

export const EmailChangeLookupResponse = z.object({ newEmail: z.string(), expiresAt: z.string() });

const optionalText = (max: number, label: string) => singleLine(label, max).nullable().optional();
// Strict: name and email are not edited here, and a stray field is refused rather than ignored.
export const UpdateContactRequest = z.strictObject({
  phone: optionalText(40, 'Phone'),
  street: optionalText(200, 'Street'),
  city: optionalText(100, 'City'),
  state: optionalText(50, 'State'),
  postalCode: optionalText(20, 'Postal code'),
});
