import { z } from 'zod';

export const YardSummary = z.object({ id: z.string(), slug: z.string(), name: z.string() });

export const StaffMe = z.object({
  staff: z.object({ id: z.string(), name: z.string(), email: z.string(), role: z.string() }),
  yard: YardSummary,
});
