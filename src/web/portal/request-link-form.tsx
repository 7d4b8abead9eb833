import { type FormEvent, useState } from 'react';
import { errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Field, FormAlert } from '../ui/field';
import { portalApi } from './portal-api';

/** "Ask <yard> for a new link": the answer is the same whether or not the email is known. */
export function RequestLinkForm({ yard, yardName }: { yard: string; yardName: string }) {
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!email.trim()) {
      setError('Enter the email address the invite was sent to.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const res = await portalApi.requestNew(yard, email.trim());
      setDone(res.message);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="request-link" aria-labelledby="request-link-title">
      <h2 id="request-link-title">Ask {yardName} for a new link</h2>
      <div role="status">{done && <p className="alert alert-success">{done}</p>}</div>
      {!done && (
        <form className="form" onSubmit={submit} noValidate>
          <FormAlert message={error} />
          <Field
            label="Email"
            type="email"
            name="email"
            autoComplete="email"
            inputMode="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            hint="The address the invite was sent to."
          />
          <Button type="submit" busy={busy}>
            Send me a new link
          </Button>
        </form>
      )}
    </section>
  );
}
