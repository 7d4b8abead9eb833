import {
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  WebAuthnAbortService,
} from '@simplewebauthn/browser';
import { useEffect, useRef, useState } from 'react';
import type { PortalMe } from '../../shared/api-types';
import { ApiError, errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { FormAlert } from '../ui/field';
import { ceremonyProblem, passkeysApi } from './passkeys-api';

/**
 * "Use a passkey" on the portal's sign-in page. Where the browser can, its passkeys
 * are also offered quietly among the email field's suggestions (conditional UI), waiting for
 * the customer to pick one; the button asks at once. Either way `onSignedIn` gets the account.
 */
export function PasskeySignIn({
  yard,
  keepSignedIn,
  onSignedIn,
}: {
  yard: string;
  /** The form's "Keep me signed in" box, read when the passkey answers. */
  keepSignedIn: boolean;
  onSignedIn: (me: PortalMe) => Promise<void>;
}) {
  const [supported] = useState(() => typeof window !== 'undefined' && browserSupportsWebAuthn());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const done = useRef(onSignedIn);
  done.current = onSignedIn;
  const keep = useRef(keepSignedIn);
  keep.current = keepSignedIn;

  useEffect(() => {
    if (!supported) return;
    let stopped = false;
    const listen = async () => {
      if (!(await browserSupportsWebAuthnAutofill())) return;
      try {
        const me = await passkeysApi.signIn(yard, { autofill: true, keepSignedIn: () => keep.current });
        if (!stopped) await done.current(me);
      } catch (err) {
        // The button's ceremony replaces this one (an abort); anything else the customer hears of.
        if (!stopped && err instanceof ApiError) setError(errorMessage(err));
      }
    };
    void listen();
    return () => {
      stopped = true;
      WebAuthnAbortService.cancelCeremony();
    };
  }, [supported, yard]);

  if (!supported) return null;
  const run = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await done.current(await passkeysApi.signIn(yard, { keepSignedIn: () => keep.current }));
    } catch (err) {
      setError(err instanceof ApiError ? errorMessage(err) : ceremonyProblem(err));
      setBusy(false);
    }
  };
  return (
    <div className="passkey-sign-in">
      <p className="divider-text muted small">or</p>
      <FormAlert message={error} />
      <Button className="btn-block" busy={busy} onClick={run}>
        Use a passkey
      </Button>
    </div>
  );
}
