// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AuditEntryView } from '../../shared/api-types';
import { setYardCurrency } from '../ui/format';
import { AuditRows } from './audit-rows';

const entry = (over: Partial<AuditEntryView>): AuditEntryView => ({
  id: crypto.randomUUID(),
  at: '2026-12-04T15:05:00.000Z',
  actor: { kind: 'staff', staffId: null, accountId: null, name: 'Dana Office' },
  ip: null,
  entity: 'boat',
  entityId: null,
  action: 'updated',
  customer: null,
  order: null,
  changes: {},
  ...over,
});

describe('audit rows say what changed in words', () => {
  it('money in the yard currency, engines as the boat card says them, times on the yard clock, actions in words', () => {
    setYardCurrency('EUR');
    render(
      <AuditRows
        timezone="Pacific/Auckland"
        entries={[
          entry({
            changes: {
              engines: {
                before: [],
                after: [{ make: 'Yanmar', model: '4JH57', serial: 'YM-778812', hours: 412.5 }],
              },
              archived_at: { before: null, after: '2026-12-04T23:30:00.000Z' },
            },
          }),
          entry({
            entity: 'payment',
            action: 'recorded',
            changes: {
              amount_cents: { before: 2_500, after: 5_000 },
              method: { before: null, after: 'cash' },
            },
          }),
          entry({ action: 'status_set', changes: { yard_status: { before: 'in_water', after: 'hauled' } } }),
        ]}
      />,
    );
    const text = document.body.textContent ?? '';
    expect(text).toContain('engines none → Yanmar 4JH57 · serial YM-778812 · 412.5 h');
    expect(text).not.toContain('{"make"');
    expect(text).toContain('amount €25.00 → €50.00');
    expect(text).not.toMatch(/2500|5000|cents/);
    // 23:30 UTC on 4 December is 12:30 on 5 December in Auckland.
    expect(screen.getByText(/archived at/).parentElement?.textContent).toMatch(/Dec 5, 2026|5 Dec 2026/);
    expect(text).toContain('boat status set');
    expect(text).not.toContain('status_set');
    setYardCurrency('USD');
  });
});
