import type { ReactNode } from 'react';
import { errorMessage } from './api';
import { Button } from './button';
import { Spinner } from './card';

interface PageShellProps {
  /** The brand link at the start of the top bar. */
  brand: ReactNode;
  /** Between the brand and the end: the dashboard's navigation, the mailbox's note. */
  middle?: ReactNode;
  /** The end of the top bar: who is signed in, Sign out. */
  end?: ReactNode;
  /** The portal's narrow column. */
  narrow?: boolean;
  /** Extra classes of <main>, e.g. the mailbox's two-column layout. */
  mainClassName?: string;
  /** A "Skip to content" link first in the page (the dashboard's long navigation). */
  skipLink?: boolean;
  /** Extra classes of the top bar, e.g. the portal's two-row phone header. */
  headerClassName?: string;
  children: ReactNode;
}

/** The signed-in frame of the dashboard, the portal and the mailbox: the top bar, then the page. */
export function PageShell({
  brand,
  middle,
  end,
  narrow,
  mainClassName,
  skipLink,
  headerClassName,
  children,
}: PageShellProps) {
  const main = ['page', narrow ? 'page-narrow' : '', mainClassName ?? ''].filter(Boolean).join(' ');
  return (
    <>
      {skipLink && (
        <a className="skip-link" href="#main">
          Skip to content
        </a>
      )}
      <header className={headerClassName ? `topbar ${headerClassName}` : 'topbar'}>
        <div className={narrow ? 'topbar-inner page-narrow' : 'topbar-inner'}>
          {brand}
          {middle}
          {end && <div className="topbar-end">{end}</div>}
        </div>
      </header>
      <main id="main" className={main} tabIndex={skipLink ? -1 : undefined}>
        {children}
      </main>
    </>
  );
}

/** What a shell shows while it checks the session: a spinner, or the error with "Try again". */
export function PageShellPending({
  error,
  onRetry,
  narrow,
}: {
  error: unknown;
  onRetry: () => void;
  narrow?: boolean;
}) {
  return (
    <main className={narrow ? 'page page-narrow' : 'page'}>
      {error ? (
        <div className="alert alert-error" role="alert">
          {errorMessage(error)}{' '}
          <Button size="sm" onClick={onRetry}>
            Try again
          </Button>
        </div>
      ) : (
        <Spinner />
      )}
    </main>
  );
}
