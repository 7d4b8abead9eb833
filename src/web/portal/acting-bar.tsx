import type { PortalMe } from '../../shared/api-types';
import { ROLE_WORDS } from './access-api';
import { RecordSwitcher } from './record-switcher';

/**
 * Above every signed-in page: whose account is shown when it is shared with the person
 * signed in (and what they may do), and the switcher when one sign-in reaches several.
 */
export function ActingBar({ yard, me }: { yard: string; me: PortalMe }) {
  const shared = me.access.role !== 'owner';
  if (!shared && me.access.records.length < 2) return null;
  const boat = me.boats.find((b) => b.id === me.access.boatId);
  return (
    <div className="acting-bar">
      {shared && (
        <p className="acting-note">
          <strong>{me.access.ownerName}</strong> shared {boat ? boat.name : 'their boats'} with you:{' '}
          {ROLE_WORDS[me.access.role].toLowerCase()}.
        </p>
      )}
      <RecordSwitcher yard={yard} me={me} />
    </div>
  );
}
