import { createAppRouter } from './router';
import { createQueryClient } from './ui/query-client';

/**
 * The app's one router and one query cache. Code outside components (the staff API's
 * "signed out, go to sign-in" guard) navigates through `appRouter`.
 */
export const queryClient = createQueryClient();
export const appRouter = createAppRouter(queryClient);
