import { z } from 'zod';
import { emailAddress } from '../../shared/api-schemas/text-fields.js';

export const SignInRequest = z.object({
  email: emailAddress('Email', 'Enter your email address, e.g. name@example.com'),
  password: z.string().min(1, 'Enter your password').max(1024),
});

export const PortalSignInRequest = SignInRequest.extend({
  /** Off: a browser-session cookie and a 12-hour idle limit; on: 30 days idle, 90 days at most. */
  keepSignedIn: z.boolean().optional().default(false),
});
