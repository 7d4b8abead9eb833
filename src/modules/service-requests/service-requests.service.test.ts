import { describe, expect, it } from 'vitest';
import { orderTitle } from './service-requests.service.js';

describe('the title of a requested order', () => {
  it("is the customer's own title, else the first line of the description, at most 80 characters", () => {
    expect(orderTitle('  Spring launch ', 'whatever')).toBe('Spring launch');
    expect(orderTitle('', 'Replace zincs\nand check the shaft seal')).toBe('Replace zincs');
    const long = orderTitle('', 'x'.repeat(200));
    expect([...long]).toHaveLength(80);
    expect(long.endsWith('…')).toBe(true);
  });
});
