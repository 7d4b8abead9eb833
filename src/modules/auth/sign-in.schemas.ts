import { z } from 'zod';

export const SignInRequest = z.object({
  email: z.string().trim().email('Enter your email address, e.g. name@example.com').max(254),
  password: z.string().min(1, 'Enter your password').max(1024),
});
