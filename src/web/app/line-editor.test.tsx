// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { OrderLineView } from '../../shared/api-types';
import { LineEditor, parseMoney } from './line-editor';
import '../testing/render';

const labour: OrderLineView = {
  id: 'l1',
  position: 1,
  kind: 'labor',
  description: 'Commissioning',
  quantity: '1.5',
  unitPriceCents: 14_500,
  totalCents: 21_750,
  taxClass: 'labor',
  optional: false,
  note: null,
  technician: 'Ray',
  partNumber: null,
};
const rates = { labor: 500, parts: 700, fees: 250 };

function setup(initial = [labour]) {
  const onSave = vi.fn();
  render(
    <LineEditor
      initial={initial}
      rates={rates}
      boatLengthFt="34.5"
      saving={false}
      error={null}
      onSave={onSave}
    />,
  );
  return { onSave, user: userEvent.setup() };
}

const total = () => screen.getByTestId('total').textContent;
const subtotal = () => screen.getByTestId('subtotal').textContent;

describe('the line editor', () => {
  it('adding a line updates the totals as they will be invoiced, tax per class', async () => {
    const { user, onSave } = setup();
    // 1.5 h × $145 = $217.50; labour tax 5 % = $10.88 (10.875 rounded once).
    expect(subtotal()).toBe('$217.50');
    expect(total()).toBe('$228.38');

    await user.click(screen.getByRole('button', { name: '+ Part' }));
    await user.type(screen.getByLabelText('Line 2 description'), 'Zinc anode');
    await user.clear(screen.getByLabelText('Line 2 quantity'));
    await user.type(screen.getByLabelText('Line 2 quantity'), '3');
    await user.type(screen.getByLabelText('Line 2 price'), '89.99');
    expect(screen.getByTestId('line-2-total').textContent).toContain('$269.97');
    // + $269.97 parts, taxed 7 % = $18.90 (18.8979).
    expect(subtotal()).toBe('$487.47');
    expect(total()).toBe('$517.25');

    await user.click(screen.getByRole('button', { name: '+ Per foot' }));
    expect(screen.getByLabelText('Line 3 quantity')).toHaveProperty('value', '34.5');
    await user.type(screen.getByLabelText('Line 3 description'), 'Launch');
    await user.type(screen.getByLabelText('Line 3 price'), '6');
    // 34.5 ft × $6 = $207.00, fees 2.5 % = $5.18 (5.175).
    expect(subtotal()).toBe('$694.47');
    expect(total()).toBe('$729.43');

    await user.click(screen.getByRole('button', { name: 'Save lines' }));
    expect(onSave).toHaveBeenCalledWith([
      expect.objectContaining({ kind: 'labor', quantity: '1.5', unitPriceCents: 14_500, technician: 'Ray' }),
      expect.objectContaining({
        kind: 'part',
        description: 'Zinc anode',
        quantity: '3',
        unitPriceCents: 8_999,
      }),
      expect.objectContaining({ kind: 'per_foot', quantity: '34.5', unitPriceCents: 600, taxClass: 'fees' }),
    ]);
  });

  it('a wrong line says what is wrong and is not saved; removing a line takes it out of the totals', async () => {
    const { user, onSave } = setup();
    const qty = screen.getByLabelText('Line 1 quantity');
    await user.clear(qty);
    await user.type(qty, '-2');
    await user.click(screen.getByRole('button', { name: 'Save lines' }));
    expect(onSave).not.toHaveBeenCalled();
    expect(screen.getByText(/Line 1: The quantity must be more than zero/)).toBeTruthy();

    await user.click(screen.getByRole('button', { name: '+ Discount' }));
    await user.click(screen.getByRole('button', { name: 'Remove line 1' }));
    await user.type(screen.getByLabelText('Line 1 description'), 'Loyalty');
    await user.type(screen.getByLabelText('Line 1 price'), '-25');
    expect(total()).toBe('-$25.00');
  });

  it('reads prices the way people type them', () => {
    expect(parseMoney('145')).toBe(14_500);
    expect(parseMoney('$1,234.5')).toBe(123_450);
    expect(parseMoney('-25.00')).toBe(-2_500);
    expect(parseMoney('.99')).toBe(99);
    expect(parseMoney('12.345')).toBeNull();
    expect(parseMoney('')).toBeNull();
  });
});
