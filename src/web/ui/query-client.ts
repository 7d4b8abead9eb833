import { QueryClient } from '@tanstack/react-query';

/**
 * One cache for the whole app. No automatic retries: an error is shown at once with its
 * "Try again" button (as before), and pages that follow progress poll on their own interval.
 * No refetch on window focus: forms keep what the person sees while they type.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}
