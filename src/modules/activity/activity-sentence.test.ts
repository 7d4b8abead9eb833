import { describe, expect, it } from 'vitest';
import { activitySentence } from './activity-sentence.js';

describe('activity sentences', () => {
  it("name amounts in the yard's currency, US dollars when none is known", () => {
    const paid = { amountCents: 123_456, invoiceNumber: 7001 };
    expect(activitySentence('invoice_paid', 'Ava Thompson', null, paid, 'EUR')).toBe(
      'Ava Thompson paid €1,234.56 on invoice #7001',
    );
    expect(activitySentence('invoice_paid', 'Ava Thompson', null, paid)).toBe(
      'Ava Thompson paid $1,234.56 on invoice #7001',
    );
    expect(
      activitySentence(
        'estimate_accepted',
        'Ava Thompson',
        null,
        { estimateNumber: 5001, totalCents: 9_900 },
        'GBP',
      ),
    ).toBe('Ava Thompson accepted estimate #5001 for £99.00');
  });
});
