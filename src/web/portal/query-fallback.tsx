import type { ReactNode } from 'react';
import { ApiError, errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Spinner } from '../ui/card';

/**
 * What a portal page shows until its record has loaded: a spinner, or what went wrong with
 * "Try again" (not for a record that does not exist). A signed-out answer keeps the spinner
 * while the shell sends the visitor to sign in.
 */
export function QueryFallback({
  res,
  back,
  pending = false,
}: {
  res: { error: Error | null; isFetching: boolean; refetch: () => unknown };
  back: ReactNode;
  /** Still finding out (the record switch for an order's link): the spinner, not the error. */
  pending?: boolean;
}) {
  const status = res.error instanceof ApiError ? res.error.status : null;
  return (
    <>
      {back}
      {res.error && !res.isFetching && !pending && status !== 401 ? (
        <div className="alert alert-error" role="alert">
          {errorMessage(res.error)}{' '}
          {status !== 404 && (
            <Button size="sm" onClick={() => res.refetch()}>
              Try again
            </Button>
          )}
        </div>
      ) : (
        <Spinner />
      )}
    </>
  );
}
