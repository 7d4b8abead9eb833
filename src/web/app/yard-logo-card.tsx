import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { YardSettingsView } from '../../shared/api-types';
import { errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { FormAlert } from '../ui/field';
import { yardSettingsApi } from './yard-settings-api';

/** The yard's logo: shown in the dashboard, the portal and emails; the owner uploads or removes it. */
export function YardLogoCard({
  settings,
  onChanged,
}: {
  settings: YardSettingsView;
  onChanged: (view: YardSettingsView) => void;
}) {
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [alert, setAlert] = useState<string | null>(null);

  const run = async (call: () => Promise<YardSettingsView>) => {
    setBusy(true);
    setAlert(null);
    try {
      onChanged(await call());
      // The top bar shows the logo.
      await queryClient.invalidateQueries({ queryKey: ['staff', 'me'] });
    } catch (err) {
      setAlert(errorMessage(err));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  const upload = (file: File | undefined) => {
    if (!file) return;
    const form = new FormData();
    form.append('logo', file);
    void run(() => yardSettingsApi.uploadLogo(form));
  };

  return (
    <Card title="Logo">
      <div className="yard-logo">
        {settings.logoUrl ? (
          <img className="yard-logo-preview" src={settings.logoUrl} alt={`${settings.name} logo`} />
        ) : (
          <p className="muted small">No logo yet: pages and emails show the yard's name.</p>
        )}
        {settings.canEdit && (
          <div className="stack">
            <label className="btn btn-secondary btn-sm yard-logo-pick">
              {settings.logoUrl ? 'Replace logo' : 'Upload logo'}
              <input
                ref={input}
                type="file"
                accept="image/png,image/jpeg,image/webp"
                className="visually-hidden"
                disabled={busy}
                onChange={(e) => upload(e.target.files?.[0])}
              />
            </label>
            <p className="field-hint">
              PNG, JPEG or WebP, at most 1 MB. Shown in the dashboard, the portal and emails.
            </p>
            {settings.logoUrl && (
              <Button size="sm" variant="ghost" busy={busy} onClick={() => run(yardSettingsApi.removeLogo)}>
                Remove logo
              </Button>
            )}
            {alert && <FormAlert message={alert} />}
          </div>
        )}
      </div>
    </Card>
  );
}
