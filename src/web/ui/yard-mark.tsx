import { initials } from './format';

/** The yard's logo in a header, or its initials when it has none. */
export function YardMark({ name, logoUrl }: { name: string; logoUrl?: string | null }) {
  if (logoUrl) return <img className="brand-logo" src={logoUrl} alt="" aria-hidden="true" />;
  return (
    <span className="brand-mark" aria-hidden="true">
      {initials(name)}
    </span>
  );
}
