import type { Tone } from '../ui/badge';

export interface Chip<K extends string> {
  key: K;
  label: string;
  /** Left out where counting would cost more than the filter is worth. */
  count?: number;
  tone?: Tone;
  /** Drawn stronger than the rest: the outcome that matters most. */
  primary?: boolean;
}

interface FilterChipsProps<K extends string> {
  /** The group's accessible name, e.g. "Preview totals". */
  label: string;
  /** Null: no "all" button, the chips toggle on their own. */
  allLabel?: string | null;
  total?: number;
  chips: Chip<K>[];
  selected: K | null;
  onSelect: (key: K | null) => void;
}

/** Filters as toggle buttons (aria-pressed), each with its count where one is known. */
export function FilterChips<K extends string>({
  label,
  allLabel = 'All rows',
  total,
  chips,
  selected,
  onSelect,
}: FilterChipsProps<K>) {
  return (
    <fieldset className="chips">
      <legend className="visually-hidden">{label}</legend>
      {allLabel !== null && (
        <button
          type="button"
          className="chip"
          aria-pressed={selected === null}
          onClick={() => onSelect(null)}
        >
          <span className="chip-label">{allLabel}</span>
          {total !== undefined && <span className="chip-count">{total.toLocaleString()}</span>}
        </button>
      )}
      {chips.map((c) => (
        <button
          key={c.key}
          type="button"
          className={`chip chip-${c.tone ?? 'neutral'} ${c.primary ? 'chip-primary' : ''}`}
          aria-pressed={selected === c.key}
          onClick={() => onSelect(selected === c.key ? null : c.key)}
        >
          <span className="chip-dot" aria-hidden="true" />
          <span className="chip-label">{c.label}</span>
          {c.count !== undefined && <span className="chip-count">{c.count.toLocaleString()}</span>}
        </button>
      ))}
    </fieldset>
  );
}
