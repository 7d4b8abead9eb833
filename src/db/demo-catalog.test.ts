import { describe, expect, it } from 'vitest';
import { catalogLines, linesOfJob } from '../modules/orders/catalog.service.js';
import { prepareLines } from '../modules/orders/order-lines.js';
import { DEMO_CATALOG } from './demo-catalog.js';

describe('the demo catalog', () => {
  it('has the jobs a yard does every season, each passing the same checks as staff input', () => {
    expect(DEMO_CATALOG.map((j) => j.name)).toEqual([
      'Winterize — inboard',
      'Bottom paint',
      'Haul and launch',
      'Shrink wrap',
      'Oil change — outboard',
    ]);
    for (const job of DEMO_CATALOG) {
      const lines = linesOfJob({ lines: job.lines });
      expect(catalogLines(lines)).toEqual(job.lines);
    }
  });

  it('per-foot jobs take the boat length', () => {
    const haul = DEMO_CATALOG.find((j) => j.name === 'Haul and launch')!;
    const lines = prepareLines(linesOfJob({ lines: haul.lines }), '32.5');
    // 32.5 ft × $14 + 32.5 ft × $6 + $35
    expect(lines.map((l) => l.totalCents)).toEqual([45_500, 19_500, 3_500]);
  });
});
