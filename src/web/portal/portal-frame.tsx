import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { YardSummary } from '../../shared/api-types';
import { YardMark } from '../ui/yard-mark';
import { portalQueries } from './portal-api';
import './portal.css';

/** The yard's public summary (its name), for pages shown before anyone is signed in. */
export function useYard(slug: string): YardSummary | null {
  return useQuery(portalQueries.yard(slug)).data ?? null;
}

export { YardMark };

/** A centred card under the yard's name: accept invite, sign in, invite problems. */
export function PortalFrame({
  yardName,
  logoUrl,
  children,
}: {
  yardName: string | null;
  logoUrl?: string | null;
  children: ReactNode;
}) {
  return (
    <main className="center-page portal-page portal">
      <div className="auth-card">
        <div className="auth-brand">
          {yardName ? (
            <YardMark name={yardName} logoUrl={logoUrl} />
          ) : (
            <span className="brand-mark skeleton" />
          )}
          <span className="portal-brand-name">{yardName ?? '\u00a0'}</span>
        </div>
        <div className="card">
          <div className="card-body auth-body">{children}</div>
        </div>
        <p className="portal-footer muted small">Customer portal · powered by Slipway</p>
      </div>
    </main>
  );
}
