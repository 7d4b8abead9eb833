import type { CatalogLine } from '../modules/orders/catalog.service.js';

/**
 * The demo yard's service catalog: jobs staff add to an order in one click. A per-foot line
 * without a quantity takes the boat's length overall when it is added (docs/orders.md).
 */
const LABOR_RATE = 14_500; // $145.00 an hour, as the demo's orders bill it

const line = (
  l: Partial<CatalogLine> & Pick<CatalogLine, 'kind' | 'description' | 'unitPriceCents'>,
): CatalogLine => ({
  quantity: '1',
  taxClass:
    l.kind === 'part' ? 'parts' : l.kind === 'labor' ? 'labor' : l.kind === 'discount' ? 'none' : 'fees',
  optional: false,
  note: null,
  technician: null,
  partNumber: null,
  ...l,
});

export const DEMO_CATALOG: readonly { name: string; description: string; lines: CatalogLine[] }[] = [
  {
    name: 'Winterize — inboard',
    description: 'Fog the engine, antifreeze in the raw-water and fresh-water systems, stabilise the fuel.',
    lines: [
      line({
        kind: 'labor',
        description: 'Labor: winterize engine and systems',
        quantity: '2.5',
        unitPriceCents: LABOR_RATE,
      }),
      line({
        kind: 'part',
        description: 'Non-toxic antifreeze, 1 gal',
        quantity: '4',
        unitPriceCents: 1_299,
        partNumber: 'AF-100',
      }),
      line({
        kind: 'part',
        description: 'Fuel stabilizer, 32 oz',
        unitPriceCents: 2_499,
        partNumber: 'STA-22',
      }),
      line({ kind: 'part', description: 'Fogging oil', unitPriceCents: 1_199 }),
      line({
        kind: 'labor',
        description: 'Labor: change engine oil and filter',
        quantity: '1',
        unitPriceCents: LABOR_RATE,
        optional: true,
      }),
    ],
  },
  {
    name: 'Bottom paint',
    description: 'Sand, prep and two coats of ablative antifouling.',
    lines: [
      line({
        kind: 'labor',
        description: 'Labor: sand bottom and prep',
        quantity: '6',
        unitPriceCents: LABOR_RATE,
      }),
      line({
        kind: 'labor',
        description: 'Labor: apply two coats antifouling',
        quantity: '4',
        unitPriceCents: LABOR_RATE,
      }),
      line({
        kind: 'part',
        description: 'Interlux Micron CSC antifouling, 1 gal',
        quantity: '3',
        unitPriceCents: 27_999,
      }),
      line({ kind: 'part', description: 'Sandpaper, tape and rollers kit', unitPriceCents: 6_450 }),
    ],
  },
  {
    name: 'Haul and launch',
    description: 'Travel-lift haul, pressure wash and block; launch when the work is done. Priced per foot.',
    lines: [
      line({
        kind: 'per_foot',
        description: 'Haul-out, pressure wash and block (per ft)',
        quantity: null,
        unitPriceCents: 1_400,
      }),
      line({ kind: 'per_foot', description: 'Launch (per ft)', quantity: null, unitPriceCents: 600 }),
      line({ kind: 'fee', description: 'Environmental fee', unitPriceCents: 3_500 }),
    ],
  },
  {
    name: 'Shrink wrap',
    description: 'Frame and shrink-wrap for winter storage, with vents and a zip door. Priced per foot.',
    lines: [
      line({
        kind: 'per_foot',
        description: 'Shrink wrap, framed and vented (per ft)',
        quantity: null,
        unitPriceCents: 2_200,
      }),
      line({ kind: 'part', description: 'Zip access door', unitPriceCents: 4_500, optional: true }),
    ],
  },
  {
    name: 'Oil change — outboard',
    description: 'Engine oil, filter and lower-unit gear lube on one outboard.',
    lines: [
      line({
        kind: 'labor',
        description: 'Labor: oil, filter and gear lube',
        quantity: '1.5',
        unitPriceCents: LABOR_RATE,
      }),
      line({
        kind: 'part',
        description: '4-stroke outboard oil, 1 qt',
        quantity: '6',
        unitPriceCents: 1_149,
      }),
      line({ kind: 'part', description: 'Oil filter', unitPriceCents: 1_899 }),
      line({ kind: 'part', description: 'Lower unit gear lube, 1 qt', unitPriceCents: 1_699 }),
    ],
  },
];
