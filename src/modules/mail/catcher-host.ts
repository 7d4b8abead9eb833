import type { FastifyRequest } from 'fastify';
import { AppError } from '../../server/errors.js';

/** The mailbox page and its API: every email the catcher kept, invite and reset links included. */
const CATCHER_PATH = /^\/(api\/)?mailbox(\/|\?|$)/;
const LOOPBACK_HOST = /^(localhost|[a-z0-9-]+\.localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])$/i;

/** `Host: example.com:3000` → `example.com`; `[::1]:3000` → `[::1]`. */
function hostName(host: string): string {
  const v = host.trim().toLowerCase();
  if (v.startsWith('[')) return v.slice(0, v.indexOf(']') + 1);
  return v.replace(/:\d*$/, '').replace(/\.$/, '');
}

/**
 * Whether a request may read the catcher's mailbox: only when it names this machine (a
 * loopback name or address) or the PUBLIC_URL host. A page on another site that rebinds
 * its own DNS name to 127.0.0.1 sends its own name as Host, and is refused.
 */
export function isCatcherHost(host: string | undefined, publicUrl: string): boolean {
  if (!host) return false;
  const name = hostName(host);
  return LOOPBACK_HOST.test(name) || name === new URL(publicUrl).hostname.toLowerCase();
}

/** onRequest hook: 403 `FORBIDDEN_HOST` for the catcher's pages under any other Host. */
export function guardCatcherHost(publicUrl: string) {
  return async (req: FastifyRequest) => {
    if (!CATCHER_PATH.test(req.url) || isCatcherHost(req.headers.host, publicUrl)) return;
    throw new AppError('FORBIDDEN_HOST');
  };
}
