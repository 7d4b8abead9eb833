import type { ReactNode } from 'react';
import { LabelledControl } from '../ui/field';

interface ControlProps {
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onChange: (e: React.ChangeEvent<HTMLTextAreaElement | HTMLSelectElement>) => void;
}

export function TextArea({ rows, value, onChange, ...rest }: ControlProps & { rows: number }) {
  return (
    <LabelledControl {...rest}>
      {(a) => <textarea rows={rows} value={value} onChange={onChange} {...a} />}
    </LabelledControl>
  );
}

export function SelectField({ value, onChange, children, ...rest }: ControlProps & { children: ReactNode }) {
  return (
    <LabelledControl {...rest}>
      {(a) => (
        <select value={value} onChange={onChange} {...a}>
          {children}
        </select>
      )}
    </LabelledControl>
  );
}
