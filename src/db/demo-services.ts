/**
 * The jobs the demo yard does and the line items each is billed with. Quantities are
 * ranges, drawn afresh for every estimate and invoice, so one job costs a little
 * differently from boat to boat as it would in a real yard.
 */
import type { Propulsion } from './demo-boats.js';

const LABOR_RATE = 14_500; // $145.00 an hour

type Kind = 'labor' | 'part' | 'fee' | 'discount';

interface ItemTemplate {
  kind: Kind;
  description: string;
  min: number;
  max: number;
  step: number;
  unit: number;
  /** Quantity is the boat's length, rounded up: yards price hauling, storage and wrap by the foot. */
  perFoot?: boolean;
}

// One-letter builders so the catalogue below reads like a price list.
const L = (description: string, min: number, max: number): ItemTemplate => ({
  kind: 'labor',
  description,
  min,
  max,
  step: 0.5,
  unit: LABOR_RATE,
});
const P = (description: string, unit: number, min = 1, max = min): ItemTemplate => ({
  kind: 'part',
  description,
  min,
  max,
  step: 1,
  unit,
});
const F = (description: string, unit: number): ItemTemplate => ({
  kind: 'fee',
  description,
  min: 1,
  max: 1,
  step: 1,
  unit,
});
const FT = (description: string, unit: number): ItemTemplate => ({ ...F(description, unit), perFoot: true });

export interface Service {
  title: string;
  for: readonly Propulsion[];
  notes: readonly string[];
  items: readonly ItemTemplate[];
}

const ALL: readonly Propulsion[] = ['outboard', 'inboard', 'sail', 'jet'];
const POWERED_INBOARD: readonly Propulsion[] = ['inboard', 'sail'];

/**
 * Demo orders for the well-known customers name their job by title, and the seeded random
 * picks depend on this order: append new services rather than reorder.
 */
export const SERVICES: readonly Service[] = [
  {
    title: 'Bottom paint',
    for: ['outboard', 'inboard', 'sail'],
    notes: [
      'Two coats ablative antifouling before the season.',
      'Growth on the running gear; paint is two seasons old.',
    ],
    items: [
      FT('Haul-out, pressure wash and block (per ft)', 1_400),
      L('Labor: sand bottom and prep', 4, 10),
      L('Labor: apply two coats antifouling', 3, 8),
      P('Interlux Micron CSC antifouling, 1 gal', 27_999, 2, 5),
      P('Sandpaper, tape and rollers kit', 6_450),
      FT('Launch (per ft)', 600),
    ],
  },
  {
    title: 'Winterization',
    for: ALL,
    notes: ['Full winterization, boat stays on the rack.', 'Winterize engine, water system and head.'],
    items: [
      L('Labor: winterize engine and fog cylinders', 1.5, 3),
      L('Labor: winterize fresh water system and head', 1, 2),
      P('Propylene glycol antifreeze, 1 gal', 1_699, 3, 8),
      P('Fuel stabilizer, 32 oz', 2_499),
      P('Fogging oil, 12 oz', 1_299),
    ],
  },
  {
    title: 'Shrink wrap and winter storage',
    for: ['outboard', 'inboard', 'sail'],
    notes: ['Shrink wrap with vents and a zipper door.'],
    items: [FT('Shrink wrap with vents (per ft)', 2_200), FT('Winter storage, Nov–Apr (per ft)', 6_500)],
  },
  {
    title: 'Outboard 100-hour service',
    for: ['outboard'],
    notes: [
      'Engine at 100 hours, due for the scheduled service.',
      'Annual service, engine hours on the helm.',
    ],
    items: [
      L('Labor: 100-hour service per manufacturer schedule', 2.5, 4),
      P('Engine oil 10W-30 FC-W, 1 qt', 1_295, 6, 10),
      P('Oil filter', 1_895),
      P('Lower unit gear lube and gaskets', 3_495),
      P('Spark plugs', 1_150, 4, 8),
      P('Water-separating fuel filter', 3_299),
      P('Water pump impeller kit', 8_995),
    ],
  },
  {
    title: 'Bilge pump replacement',
    for: ALL,
    notes: [
      'Bilge pump runs but does not move water.',
      'Customer reports the bilge pump cycling constantly.',
    ],
    items: [
      L('Labor: remove and replace bilge pump and float switch', 1.5, 3),
      P('Rule 1100 GPH bilge pump', 8_999),
      P('Float switch', 3_999),
      P('Marine wire, heat-shrink connectors', 2_450),
    ],
  },
  {
    title: 'Spring commissioning',
    for: ALL,
    notes: ['Get her ready for the season.', 'Commission and sea trial before Memorial Day.'],
    items: [
      L('Labor: commission engine and systems', 2, 4),
      L('Labor: sea trial', 1, 1.5),
      P('Battery terminal protector and dielectric grease', 1_850),
      F('Environmental disposal fee', 2_500),
    ],
  },
  {
    title: 'Zinc anode replacement',
    for: ['outboard', 'inboard', 'sail'],
    notes: ['Zincs more than half gone at the last haul.'],
    items: [L('Labor: replace sacrificial anodes', 1, 2), P('Zinc anode', 2_895, 2, 6)],
  },
  {
    title: 'Raw water impeller replacement',
    for: POWERED_INBOARD,
    notes: ['Engine running hot at cruise.', 'Preventive impeller change.'],
    items: [L('Labor: replace raw water pump impeller', 1, 2.5), P('Impeller kit with gasket', 6_495)],
  },
  {
    title: 'Gelcoat repair',
    for: ['outboard', 'inboard', 'sail'],
    notes: ['Gouge on the starboard bow from a piling.', 'Stress cracks around the bow rail bases.'],
    items: [
      L('Labor: grind, fill, gelcoat and polish', 3, 9),
      P('Gelcoat, color-matched, and fillers', 8_500),
    ],
  },
  {
    title: 'Compound, polish and wax',
    for: ['outboard', 'inboard', 'sail'],
    notes: ['Hull is chalky; full compound and wax.'],
    items: [FT('Compound, polish and wax hull (per ft)', 2_800), P('Marine wax and compound', 4_999)],
  },
  {
    title: 'Battery replacement',
    for: ALL,
    notes: ['Batteries will not hold a charge.', 'House bank is five years old.'],
    items: [
      L('Labor: replace batteries and test charging', 1, 2),
      P('Group 31 AGM deep-cycle battery', 34_999, 1, 3),
      F('Battery core charge (refunded on return)', 2_200),
    ],
  },
  {
    title: 'Trim tab actuator replacement',
    for: ['outboard', 'inboard'],
    notes: ['Port trim tab does not move.'],
    items: [L('Labor: replace trim tab actuator', 1.5, 3), P('Lenco trim tab actuator', 24_900)],
  },
  {
    title: 'Seacock replacement',
    for: POWERED_INBOARD,
    notes: ['Seacock frozen open at the survey.'],
    items: [
      FT('Haul-out and block (per ft)', 1_400),
      L('Labor: remove and replace through-hull and seacock', 3, 6),
      P('Bronze seacock and through-hull, 1 in', 21_900),
      P('3M 5200 sealant', 2_599),
    ],
  },
  {
    title: 'Cutless bearing and shaft seal replacement',
    for: POWERED_INBOARD,
    notes: ['Vibration at speed; shaft has play in the strut.'],
    items: [
      FT('Haul-out and block (per ft)', 1_400),
      L('Labor: pull shaft, replace cutless bearing and seal', 5, 9),
      P('Cutless bearing', 12_500),
      P('PSS dripless shaft seal', 49_500),
    ],
  },
  {
    title: 'Chartplotter installation',
    for: ['outboard', 'inboard', 'sail'],
    notes: ['Install new Garmin at the helm, customer-approved layout.'],
    items: [
      L('Labor: install chartplotter and transducer', 4, 8),
      P('Garmin ECHOMAP UHD2 93sv chartplotter', 119_999),
      P('Thru-hull transducer', 29_999),
      P('Cabling and NMEA 2000 starter kit', 8_999),
    ],
  },
  {
    title: 'Bimini top replacement',
    for: ['outboard', 'inboard'],
    notes: ['Canvas torn at the seams after the last storm.'],
    items: [L('Labor: fit and install bimini', 2, 4), P('Sunbrella bimini top with frame', 89_500)],
  },
  {
    title: 'Fuel system service',
    for: ALL,
    notes: ['Engine stumbles under load; suspect water in fuel.'],
    items: [
      L('Labor: replace fuel filters and inspect lines', 1.5, 3),
      P('Racor fuel filter element', 3_899, 1, 2),
      P('Fuel line and clamps', 4_599),
    ],
  },
  {
    title: 'Hydraulic steering service',
    for: ['outboard', 'inboard'],
    notes: ['Steering stiff and wanders.'],
    items: [
      L('Labor: bleed and service hydraulic steering', 1.5, 3),
      P('Hydraulic steering fluid, 1 qt', 2_999, 2, 3),
    ],
  },
  {
    title: 'Propeller repair',
    for: ['outboard', 'inboard', 'sail'],
    notes: ['Prop dinged on a sandbar.'],
    items: [
      L('Labor: remove and reinstall propeller', 1, 2),
      F('Prop shop repair and balance', 28_500),
      P('Prop nut, washer and cotter pin', 2_999),
    ],
  },
  {
    title: 'Diesel annual service',
    for: POWERED_INBOARD,
    notes: ['Annual service on the Yanmar.', 'Annual service before the trip to the Bahamas.'],
    items: [
      L('Labor: annual diesel service', 3, 5),
      P('Diesel engine oil 15W-40, 1 gal', 3_499, 2, 4),
      P('Oil and fuel filter kit', 11_500),
      P('Alternator belt', 3_850),
      P('Coolant, 1 gal', 2_899),
    ],
  },
  {
    title: 'Head and holding tank repair',
    for: ['inboard', 'sail'],
    notes: ['Head will not flush; pump-out fitting leaks.'],
    items: [
      L('Labor: rebuild head and replace hoses', 2, 5),
      P('Jabsco head rebuild kit', 9_999),
      P('Sanitation hose, per ft', 1_199, 6, 15),
    ],
  },
  {
    title: 'Rigging inspection and tune',
    for: ['sail'],
    notes: ['Annual rig check before the season.'],
    items: [
      L('Labor: go aloft, inspect and tune rig', 2, 4),
      P('Cotter pins, tape and rigging hardware', 4_500),
    ],
  },
  {
    title: 'Jet pump and wear ring service',
    for: ['jet'],
    notes: ['Loss of thrust and cavitation.'],
    items: [
      L('Labor: service jet pump, replace wear ring', 2, 4),
      P('Wear ring', 14_999),
      P('Impeller seal kit', 4_999),
    ],
  },
];
