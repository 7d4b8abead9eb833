import { useEffect } from 'react';

/** Sets the tab title; the page's own name first. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Slipway` : 'Slipway';
  }, [title]);
}
