import { type InputHTMLAttributes, type ReactNode, useId } from 'react';

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  hint?: ReactNode;
  error?: string | null;
  /** Extra content after the input, inside the same row (e.g. a show/hide toggle). */
  addon?: ReactNode;
}

/** A labelled input with a hint and an error message tied to it for screen readers. */
export function Field({ label, hint, error, addon, className, ...input }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${error ? 'has-error' : ''} ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="field-control">
        <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
        {addon}
      </div>
      {hint && (
        <div id={hintId} className="field-hint">
          {hint}
        </div>
      )}
      {error && (
        <div id={errorId} className="field-error">
          {error}
        </div>
      )}
    </div>
  );
}

/** The form-level message area; always in the page so screen readers announce changes. */
export function FormAlert({ message }: { message: string | null }) {
  return (
    <div role="alert" className={message ? 'form-alert' : 'form-alert is-empty'}>
      {message}
    </div>
  );
}
