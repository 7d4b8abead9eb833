import { SIGNATURE_BOX } from '../../shared/api-schemas/signature';

/**
 * A stored signature drawn as vector strokes. The path is the server's canonical one (only
 * M and L commands with integers, src/shared/api-schemas/signature.ts), given to React as an attribute,
 * never as markup.
 */
export function SignatureImage({
  path,
  name,
  className,
}: {
  path: string;
  name: string;
  className?: string;
}) {
  return (
    <svg
      className={`signature-image ${className ?? ''}`}
      viewBox={`0 0 ${SIGNATURE_BOX.width} ${SIGNATURE_BOX.height}`}
      role="img"
      aria-label={`Signature of ${name}`}
    >
      <path
        d={path}
        fill="none"
        stroke="currentColor"
        strokeWidth={3}
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
