import { type ReactNode, useId } from 'react';

interface ControlProps {
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onChange: (e: React.ChangeEvent<HTMLTextAreaElement | HTMLSelectElement>) => void;
}

/** A labelled control with its hint and error tied to it (Field, for a textarea or select). */
function Labelled({
  label,
  hint,
  error,
  children,
}: Omit<ControlProps, 'value' | 'onChange'> & {
  children: (a: {
    id: string;
    'aria-invalid': true | undefined;
    'aria-describedby': string | undefined;
  }) => ReactNode;
}) {
  const id = useId();
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${error ? 'has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {hint && (
        <div id={`${id}-hint`} className="field-hint">
          {hint}
        </div>
      )}
      {error && (
        <div id={`${id}-error`} className="field-error">
          {error}
        </div>
      )}
    </div>
  );
}

export function TextArea({ rows, value, onChange, ...rest }: ControlProps & { rows: number }) {
  return (
    <Labelled {...rest}>{(a) => <textarea rows={rows} value={value} onChange={onChange} {...a} />}</Labelled>
  );
}

export function SelectField({ value, onChange, children, ...rest }: ControlProps & { children: ReactNode }) {
  return (
    <Labelled {...rest}>
      {(a) => (
        <select value={value} onChange={onChange} {...a}>
          {children}
        </select>
      )}
    </Labelled>
  );
}
