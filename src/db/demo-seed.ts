/**
 * The demo yard: Harbor Point Marine, with staff, a few hundred customers, their boats,
 * and orders in every status with estimates, invoices and payments whose numbers add up.
 *
 * Staff sign in as staff@harborpoint.test (owner) or jamie@harborpoint.test, password
 * `harbor-point-demo`. Well-known customers: Ava Thompson (ava.thompson@example.com,
 * (305) 555-0142) and Liam Carter (phone only, no email). Generated customers get
 * addresses at the reserved example.com/.net/.org domains, so inviting them never mails
 * a real person.
 */
import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import { hashPassword } from '../modules/accounts/password-hash.js';
import { normalizePhone } from '../modules/customers/phone.js';
import { createRng, makePerson, pick, type Rng, randInt } from './demo-people.js';
import type { DB, OrderStatus } from './schema.js';

export const DEMO_YARD_SLUG = 'harbor-point';
export const DEMO_STAFF_EMAIL = 'staff@harborpoint.test';
export const DEMO_STAFF_PASSWORD = 'harbor-point-demo';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const LABOR_RATE = 14_500; // $145.00 an hour
const TAX_RATE = 0.07; // on parts only
const BATCH = 500;

type Kind = 'labor' | 'part' | 'fee' | 'discount';
type Propulsion = 'outboard' | 'inboard' | 'sail' | 'jet';

interface ItemTemplate {
  kind: Kind;
  description: string;
  min: number;
  max: number;
  step: number;
  unit: number;
  perFoot?: boolean;
}
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

interface Service {
  title: string;
  for: readonly Propulsion[];
  notes: readonly string[];
  items: readonly ItemTemplate[];
}

const ALL: readonly Propulsion[] = ['outboard', 'inboard', 'sail', 'jet'];
const POWERED_INBOARD: readonly Propulsion[] = ['inboard', 'sail'];

const SERVICES: readonly Service[] = [
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

const BOAT_MODELS: readonly (readonly [
  make: string,
  model: string,
  lengthFt: number,
  propulsion: Propulsion,
  mic: string,
  firstYear: number,
])[] = [
  ['Boston Whaler', 'Montauk 170', 17, 'outboard', 'BWC', 1995],
  ['Boston Whaler', '270 Dauntless', 27, 'outboard', 'BWC', 2012],
  ['Boston Whaler', '330 Outrage', 33, 'outboard', 'BWC', 2014],
  ['Grady-White', 'Fisherman 216', 21.3, 'outboard', 'NTL', 2008],
  ['Grady-White', 'Freedom 235', 23.6, 'outboard', 'NTL', 2010],
  ['Grady-White', 'Canyon 306', 30.5, 'outboard', 'NTL', 2011],
  ['Yellowfin', '36 Offshore', 36, 'outboard', 'YFB', 2006],
  ['Contender', '32 ST', 32, 'outboard', 'CTF', 2004],
  ['Regulator', '34', 34, 'outboard', 'RGF', 2010],
  ['Robalo', 'R230', 23, 'outboard', 'RBA', 2012],
  ['Pursuit', 'S 328 Sport', 32, 'outboard', 'PUR', 2015],
  ['Scout', '255 LXF', 25.5, 'outboard', 'SCX', 2014],
  ['Sea Hunt', 'Gamefish 27', 27, 'outboard', 'SHB', 2013],
  ['Everglades', '273 CC', 27, 'outboard', 'EVB', 2012],
  ['Mako', '284 CC', 28, 'outboard', 'MRK', 2012],
  ['Key West', '239 FS', 23, 'outboard', 'KWB', 2015],
  ['Sportsman', 'Open 252', 25, 'outboard', 'SPB', 2016],
  ['Cobia', '261 CC', 26, 'outboard', 'CBA', 2014],
  ['Carolina Skiff', 'JVX 18 CC', 18, 'outboard', 'EKH', 2005],
  ['Hewes', 'Redfisher 18', 18, 'outboard', 'HEW', 2008],
  ['Maverick', '18 HPX-V', 18, 'outboard', 'MVB', 2006],
  ['Bennington', '22 SSBXP', 22, 'outboard', 'ETW', 2014],
  ['Sea Ray', 'SLX 280', 28, 'inboard', 'SER', 2014],
  ['Sea Ray', 'Sundancer 320', 32, 'inboard', 'SER', 2006],
  ['Chaparral', '267 SSX', 26, 'inboard', 'FGB', 2010],
  ['Regal', '2800', 28, 'inboard', 'RGM', 2012],
  ['Formula', '330 SS', 33, 'inboard', 'TNR', 2008],
  ['Tiara', '3600 Open', 36, 'inboard', 'TIA', 2002],
  ['Bertram', '35 Convertible', 35, 'inboard', 'BER', 1988],
  ['Albin', '28 Tournament Express', 28, 'inboard', 'ABN', 1996],
  ['Mainship', '34 Pilot', 34, 'inboard', 'MSH', 1999],
  ['Grand Banks', '42 Classic', 42, 'inboard', 'GBY', 1985],
  ['Viking', '48 Convertible', 48, 'inboard', 'VKY', 2000],
  ['Hatteras', '54 Convertible', 54, 'inboard', 'HAT', 1990],
  ['Catalina', '30', 30, 'sail', 'CTY', 1985],
  ['Catalina', '355', 35, 'sail', 'CTY', 2012],
  ['Beneteau', 'Oceanis 38.1', 38, 'sail', 'BEY', 2016],
  ['Hunter', '33', 33, 'sail', 'HUN', 2004],
  ['Jeanneau', 'Sun Odyssey 349', 34, 'sail', 'JEN', 2014],
  ['Island Packet', '35', 35, 'sail', 'IPY', 1988],
  ['Sabre', '38', 38, 'sail', 'SAB', 1985],
  ['J/Boats', 'J/105', 34.5, 'sail', 'JBO', 1992],
  ['Lagoon', '42', 42, 'sail', 'LGN', 2016],
  ['Yamaha', '242X E-Series', 24, 'jet', 'YAM', 2016],
  ['Sea-Doo', 'GTX 170', 11, 'jet', 'YDV', 2018],
];

const BOAT_NAMES: readonly string[] = `
Sea Breeze | Knot Working | Reel Therapy | Aquaholic | Seas the Day | Miss Behavin' | Happy Hour
Second Wind | Liberty | Serenity | Island Time | Pura Vida | Sea Esta | Reel Deal | Nauti Buoy
Blue Heron | Osprey | Salty Dog | Ocean Therapy | Sunday Funday | Dock Holiday | Fishful Thinking
Reel Estate | Sea Ya Later | Tide Me Over | Plan B | Hakuna Matata | Carpe Diem | Wind Dancer
Windsong | Odyssey | Lady Luck | Miss Kathy | Andiamo | Dreamcatcher | Second Chance | Knotty Buoy
Grace | Freedom | Persistence | Endeavour | Mistral | Halcyon | Kismet | Moonshadow | Gypsy Soul
Obsession | Escape Plan | Quest | Sea Witch | Bluefin | Marlin Monroe | Last Resort | Good Life
Aqua Vitae | Bay Dreamer | Current Affair | Duck Soup | Easy Rider | Far Niente | Gone Fishin
Hull Raiser | Irie | Jubilee | Keys Please | Latitude Adjustment | Moondance | Nirvana | Osprey II
Pelican Brief | Rum Runner | Sandpiper | Tequila Sunrise | Unwind | Vitamin Sea | Wahoo | Xanadu
Yolo | Zephyr | Salt Life | Reel Busy | No Wake Zone | Shore Thing | Sea Cret | Loose Cannon
Merry Weather | Southern Comfort | Tranquility | True North | Whisper | Wild Card | Sweet Pea
`
  .trim()
  .split(/\s*[|\n]\s*/);

const STATUS_WEIGHTS: readonly (readonly [OrderStatus, number, number, number])[] = [
  // status, weight, youngest and oldest age in days
  ['requested', 5, 0, 10],
  ['open_estimate', 5, 1, 14],
  ['estimate_sent', 5, 2, 21],
  ['awaiting_acceptance', 4, 5, 28],
  ['in_progress', 8, 4, 45],
  ['deposit_requested', 3, 3, 30],
  ['partial_payment', 4, 15, 90],
  ['invoiced', 6, 6, 60],
  ['paid', 6, 10, 120],
  ['completed', 46, 20, 720],
  ['cancelled', 6, 6, 720],
];
export const ORDER_STATUSES: readonly OrderStatus[] = STATUS_WEIGHTS.map(([s]) => s);
const STATUS_TOTAL = STATUS_WEIGHTS.reduce((sum, [, w]) => sum + w, 0);

interface Rows {
  customers: Insertable<DB['customers']>[];
  boats: Insertable<DB['boats']>[];
  orders: (Insertable<DB['orders']> & { id: string; opened_at: Date })[];
  estimates: (Insertable<DB['estimates']> & { id: string; created_at: Date })[];
  invoices: (Insertable<DB['invoices']> & { id: string; created_at: Date })[];
  lineItems: Insertable<DB['line_items']>[];
  payments: Insertable<DB['payments']>[];
}

interface BoatRef {
  id: string;
  lengthFt: number;
  propulsion: Propulsion;
}

interface Plan {
  status: OrderStatus;
  ageDays: number;
  service?: string;
  /** Which of the customer's boats; random if not given. */
  boat?: number;
  /** Leave a balance on a partly paid invoice (one payment only). */
  balance?: boolean;
}

interface CustomerRef {
  id: string;
  boats: BoatRef[];
  /** Customer since: moved back before the first order as orders are added. */
  since: number;
  row: Insertable<DB['customers']>;
  boatRows: Insertable<DB['boats']>[];
}

/** Builds every row of the demo yard in memory; ids are made here so rows can refer to each other. */
class YardBuilder {
  readonly rows: Rows = {
    customers: [],
    boats: [],
    orders: [],
    estimates: [],
    invoices: [],
    lineItems: [],
    payments: [],
  };
  private readonly customers: CustomerRef[] = [];
  constructor(
    readonly rng: Rng,
    readonly yardId: string,
    readonly now: number,
  ) {}

  /** Time `days` ago plus some working hours, never in the future. */
  private ago(days: number): number {
    return Math.min(this.now - days * DAY + randInt(this.rng, 8, 17) * HOUR, this.now - HOUR);
  }
  /** A later moment than `t`, by minDays..maxDays, never in the future. */
  private after(t: number, minDays: number, maxDays: number): number {
    return Math.min(t + (minDays + this.rng() * (maxDays - minDays)) * DAY, this.now - 60_000);
  }
  private dateOnly(t: number): string {
    return new Date(t).toISOString().slice(0, 10);
  }

  addCustomer(
    number: number,
    p: {
      firstName: string;
      lastName: string;
      company: string | null;
      email: string | null;
      phone: string | null;
      street: string;
      city: string;
      state: string;
      postalCode: string;
    },
    notes: string | null = null,
  ): CustomerRef {
    const id = randomUUID();
    const phone = normalizePhone(p.phone);
    const row: Insertable<DB['customers']> = {
      id,
      yard_id: this.yardId,
      customer_number: number,
      first_name: p.firstName,
      last_name: p.lastName,
      company: p.company,
      email: p.email,
      phone: p.phone,
      phone_e164: phone?.e164 ?? null,
      phone_digits: phone?.digits ?? null,
      street: p.street,
      city: p.city,
      state: p.state,
      postal_code: p.postalCode,
      notes,
    };
    this.rows.customers.push(row);
    const ref: CustomerRef = {
      id,
      boats: [],
      since: this.ago(randInt(this.rng, 30, 700)),
      row,
      boatRows: [],
    };
    this.customers.push(ref);
    return ref;
  }

  addBoat(
    customer: CustomerRef,
    fixed?: { name: string; model: number; year: number; slip: string | null },
  ): BoatRef {
    const rng = this.rng;
    const [make, model, length, propulsion, mic, firstYear] = fixed
      ? BOAT_MODELS[fixed.model]
      : pick(rng, BOAT_MODELS);
    const thisYear = new Date(this.now).getUTCFullYear();
    const year = fixed?.year ?? randInt(rng, firstYear, Math.max(firstYear, thisYear));
    const serial = Array.from(
      { length: 5 },
      () => '0123456789ABCDEFGHJKLMNPRSTUVWXYZ'[randInt(rng, 0, 32)],
    ).join('');
    const hullId = `${mic}${serial}${'ABCDEFGHIJKL'[randInt(rng, 0, 11)]}${(year - 1) % 10}${String(year % 100).padStart(2, '0')}`;
    let slip: string | null;
    if (fixed) slip = fixed.slip;
    else {
      const r = rng();
      if (r < 0.2)
        slip = null; // kept on a trailer at home
      else if (propulsion === 'sail' && r < 0.45) slip = `Mooring ${randInt(rng, 1, 60)}`;
      else if (length < 30 && propulsion !== 'sail' && r < 0.55) slip = `Rack ${randInt(rng, 100, 340)}`;
      else slip = `${'ABCDEF'[randInt(rng, 0, 5)]}-${randInt(rng, 1, 48)}`;
    }
    const boat: BoatRef = { id: randomUUID(), lengthFt: length, propulsion };
    const row: Insertable<DB['boats']> = {
      id: boat.id,
      yard_id: this.yardId,
      customer_id: customer.id,
      name: fixed?.name ?? pick(rng, BOAT_NAMES),
      make,
      model,
      year,
      length_ft: length,
      hull_id: hullId,
      slip,
    };
    this.rows.boats.push(row);
    customer.boatRows.push(row);
    customer.boats.push(boat);
    return boat;
  }

  randomPlan(): Plan {
    let u = this.rng() * STATUS_TOTAL;
    for (const [status, weight, min, max] of STATUS_WEIGHTS) {
      u -= weight;
      if (u < 0) return { status, ageDays: randInt(this.rng, min, max) };
    }
    return { status: 'completed', ageDays: randInt(this.rng, 20, 720) };
  }

  planFor(status: OrderStatus): Plan {
    const [, , min, max] = STATUS_WEIGHTS.find(([s]) => s === status)!;
    return { status, ageDays: randInt(this.rng, min, max) };
  }

  private lineItems(service: Service, boat: BoatRef, owner: { estimate_id?: string; invoice_id?: string }) {
    const rng = this.rng;
    const items: Insertable<DB['line_items']>[] = [];
    let subtotal = 0;
    let parts = 0;
    for (const t of service.items) {
      const steps = Math.round((t.max - t.min) / t.step);
      const quantity = t.perFoot ? Math.ceil(boat.lengthFt) : t.min + randInt(rng, 0, steps) * t.step;
      const total = Math.round(quantity * t.unit);
      items.push({
        yard_id: this.yardId,
        estimate_id: owner.estimate_id ?? null,
        invoice_id: owner.invoice_id ?? null,
        position: items.length + 1,
        kind: t.kind,
        description: t.description,
        quantity,
        unit_price_cents: t.unit,
        total_cents: total,
      });
      subtotal += total;
      if (t.kind === 'part') parts += total;
    }
    if (rng() < 0.08) {
      // A goodwill discount for a regular: 10 % off, never below zero.
      const discount = -Math.round(subtotal * 0.1);
      items.push({
        yard_id: this.yardId,
        estimate_id: owner.estimate_id ?? null,
        invoice_id: owner.invoice_id ?? null,
        position: items.length + 1,
        kind: 'discount',
        description: 'Slip holder discount (10%)',
        quantity: 1,
        unit_price_cents: discount,
        total_cents: discount,
      });
      subtotal += discount;
    }
    this.rows.lineItems.push(...items);
    const tax = Math.round(parts * TAX_RATE);
    return { subtotal_cents: subtotal, tax_cents: tax, total_cents: subtotal + tax };
  }

  private pay(invoice: Rows['invoices'][number], customerId: string, amount: number, at: number) {
    const rng = this.rng;
    const r = rng();
    const method = r < 0.5 ? 'card' : r < 0.75 ? 'check' : r < 0.9 ? 'ach' : 'cash';
    const reference =
      method === 'card'
        ? `${pick(rng, ['Visa', 'Visa', 'Mastercard', 'Amex', 'Discover'])} ending ${randInt(rng, 1000, 9999)}`
        : method === 'check'
          ? `Check #${randInt(rng, 1001, 9999)}`
          : method === 'ach'
            ? `ACH ${randomUUID().slice(0, 8).toUpperCase()}`
            : null;
    this.rows.payments.push({
      yard_id: this.yardId,
      invoice_id: invoice.id,
      customer_id: customerId,
      amount_cents: amount,
      method,
      reference,
      received_at: new Date(at),
    });
  }

  addOrder(customer: CustomerRef, plan: Plan) {
    const rng = this.rng;
    const boat = plan.boat === undefined ? pick(rng, customer.boats) : customer.boats[plan.boat];
    const candidates = SERVICES.filter((s) => s.for.includes(boat.propulsion));
    const service = (plan.service && SERVICES.find((s) => s.title === plan.service)) || pick(rng, candidates);
    const { status } = plan;
    const opened = this.ago(plan.ageDays);
    customer.since = Math.min(customer.since, opened - randInt(rng, 1, 60) * DAY);
    const orderId = randomUUID();
    let updated = opened;
    let completedAt: number | null = null;

    // Estimate: none while only requested; draft, sent, accepted, declined or expired after that.
    let accepted = 0;
    if (status !== 'requested' && !(status === 'cancelled' && rng() < 0.3)) {
      const created = this.after(opened, 0, 2);
      let estimateStatus: DB['estimates']['status'] = 'draft';
      let sentAt: number | null = null;
      let respondedAt: number | null = null;
      if (status !== 'open_estimate') {
        sentAt = this.after(created, 0, 1);
        estimateStatus = 'sent';
        if (status === 'cancelled') {
          estimateStatus = rng() < 0.7 ? 'declined' : 'expired';
          if (estimateStatus === 'declined') respondedAt = this.after(sentAt, 1, 5);
        } else if (status !== 'estimate_sent' && status !== 'awaiting_acceptance') {
          estimateStatus = 'accepted';
          respondedAt = this.after(sentAt, 0.2, 4);
          accepted = respondedAt;
        }
      }
      const id = randomUUID();
      const totals = this.lineItems(service, boat, { estimate_id: id });
      this.rows.estimates.push({
        id,
        yard_id: this.yardId,
        order_id: orderId,
        customer_id: customer.id,
        number: 0,
        status: estimateStatus,
        ...totals,
        sent_at: sentAt === null ? null : new Date(sentAt),
        responded_at: respondedAt === null ? null : new Date(respondedAt),
        valid_until: sentAt === null ? null : this.dateOnly(sentAt + 30 * DAY),
        created_at: new Date(created),
      });
      updated = Math.max(created, sentAt ?? 0, respondedAt ?? 0);
    }

    // Invoice: for a deposit, for work done, and for paid and completed work.
    const invoiced: OrderStatus[] = ['deposit_requested', 'partial_payment', 'invoiced', 'paid', 'completed'];
    if (invoiced.includes(status)) {
      const issued =
        status === 'deposit_requested' ? this.after(accepted, 0, 1) : this.after(accepted, 2, 14);
      const id = randomUUID();
      const totals = this.lineItems(service, boat, { invoice_id: id });
      const hadDeposit = status === 'deposit_requested' || (totals.total_cents > 150_000 && rng() < 0.5);
      const deposit = hadDeposit ? Math.max(100, Math.round((totals.total_cents * 0.3) / 100) * 100) : null;
      const invoice: Rows['invoices'][number] = {
        id,
        yard_id: this.yardId,
        order_id: orderId,
        customer_id: customer.id,
        number: 0,
        status: 'open',
        ...totals,
        paid_cents: 0,
        deposit_cents: deposit,
        issued_at: new Date(issued),
        due_on: this.dateOnly(issued + (status === 'deposit_requested' ? 7 : 30) * DAY),
        created_at: new Date(issued),
      };
      this.rows.invoices.push(invoice);
      updated = issued;
      let paid = 0;
      let at = issued;
      if (status === 'partial_payment') {
        const first = deposit ?? Math.round(totals.total_cents * (0.2 + rng() * 0.5));
        at = this.after(issued, 1, 10);
        this.pay(invoice, customer.id, first, at);
        paid = first;
        if (!plan.balance && rng() < 0.3) {
          const second = Math.round((totals.total_cents - paid) * 0.4);
          if (second > 0) {
            at = this.after(at, 3, 20);
            this.pay(invoice, customer.id, second, at);
            paid += second;
          }
        }
        invoice.status = paid < totals.total_cents ? 'partial' : 'paid';
      } else if (status === 'paid' || status === 'completed') {
        if (deposit !== null && deposit < totals.total_cents) {
          at = this.after(issued, 0, 3);
          this.pay(invoice, customer.id, deposit, at);
          paid = deposit;
        }
        at = this.after(at, 1, 25);
        this.pay(invoice, customer.id, totals.total_cents - paid, at);
        paid = totals.total_cents;
        invoice.status = 'paid';
        if (status === 'completed') completedAt = this.after(at, 0, 3);
      }
      invoice.paid_cents = paid;
      updated = Math.max(updated, at, completedAt ?? 0);
    }
    if (status === 'cancelled') updated = this.after(updated, 0, 10);

    const future = status === 'requested' || status === 'open_estimate' || status === 'estimate_sent';
    const scheduled =
      status === 'cancelled' || status === 'completed' || status === 'paid'
        ? null
        : future || status === 'awaiting_acceptance' || status === 'deposit_requested'
          ? this.dateOnly(this.now + randInt(rng, 3, 40) * DAY)
          : this.dateOnly(updated);
    this.rows.orders.push({
      id: orderId,
      yard_id: this.yardId,
      customer_id: customer.id,
      boat_id: boat.id,
      number: 0,
      title: service.title,
      description: rng() < 0.7 ? pick(rng, service.notes) : null,
      status,
      opened_at: new Date(opened),
      scheduled_for: scheduled,
      completed_at: completedAt === null ? null : new Date(completedAt),
      updated_at: new Date(updated),
    });
  }

  /** Numbers go up with time, as they would have been handed out; customers date from before their orders. */
  finish() {
    for (const c of this.customers) {
      c.row.created_at = c.row.updated_at = new Date(c.since);
      for (const boat of c.boatRows) boat.created_at = new Date(c.since);
    }
    const byTime = <T extends { number: number }>(rows: T[], time: (r: T) => number, first: number) => {
      rows.sort((a, b) => time(a) - time(b));
      rows.forEach((r, i) => {
        r.number = first + i;
      });
    };
    byTime(this.rows.orders, (o) => o.opened_at.getTime(), 10_001);
    byTime(this.rows.estimates, (e) => e.created_at.getTime(), 5_001);
    byTime(this.rows.invoices, (i) => i.created_at.getTime(), 7_001);
  }
}

/** Multi-row inserts of BATCH rows each: a few hundred rows a statement, not one round trip a row. */
async function inBatches<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

/**
 * Creates the Harbor Point Marine demo yard unless a yard with its slug exists.
 * Everything goes in one transaction: a failed seed leaves nothing behind.
 */
export async function seedDemoYard(
  db: Kysely<DB>,
  opts: { customers?: number; now?: Date } = {},
): Promise<{ yardId: string; created: boolean }> {
  const existing = await db
    .selectFrom('yards')
    .select('id')
    .where('slug', '=', DEMO_YARD_SLUG)
    .executeTakeFirst();
  if (existing) return { yardId: existing.id, created: false };

  const now = (opts.now ?? new Date()).getTime();
  const customerCount = Math.max(2, Math.floor(opts.customers ?? 240));
  const passwordHash = await hashPassword(DEMO_STAFF_PASSWORD);
  const rng = createRng(0x5eed_2024);

  return db.transaction().execute(async (trx) => {
    const yardCreated = new Date(now - 800 * DAY);
    const inserted = await trx
      .insertInto('yards')
      .values({
        slug: DEMO_YARD_SLUG,
        name: 'Harbor Point Marine',
        email: 'office@harborpoint.test',
        phone: '(305) 555-0100',
        address: '4100 Harbor Point Dr, Key Largo, FL 33037',
        timezone: 'America/New_York',
        created_at: yardCreated,
      })
      .onConflict((oc) => oc.column('slug').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) {
      // Someone else seeded it between our check and our insert.
      const row = await trx
        .selectFrom('yards')
        .select('id')
        .where('slug', '=', DEMO_YARD_SLUG)
        .executeTakeFirstOrThrow();
      return { yardId: row.id, created: false };
    }
    const yardId = inserted.id;

    await trx
      .insertInto('staff_users')
      .values([
        {
          yard_id: yardId,
          email: DEMO_STAFF_EMAIL,
          name: 'Morgan Reyes',
          role: 'owner',
          password_hash: passwordHash,
          created_at: yardCreated,
        },
        {
          yard_id: yardId,
          email: 'jamie@harborpoint.test',
          name: 'Jamie Chen',
          role: 'staff',
          password_hash: passwordHash,
          created_at: new Date(now - 400 * DAY),
        },
      ])
      .execute();

    const b = new YardBuilder(rng, yardId, now);

    // The well-known customers for demos and tests.
    const ava = b.addCustomer(
      1001,
      {
        firstName: 'Ava',
        lastName: 'Thompson',
        company: null,
        email: 'ava.thompson@example.com',
        phone: '(305) 555-0142',
        street: '218 Ocean Bay Dr',
        city: 'Key Largo',
        state: 'FL',
        postalCode: '33037',
      },
      'Prefers email. Keeps the Whaler on the rack, the Catalina on a mooring.',
    );
    b.addBoat(ava, { name: 'Sea Breeze', model: 1, year: 2019, slip: 'Rack 214' });
    b.addBoat(ava, { name: 'Knot Working', model: 34, year: 2008, slip: 'Mooring 12' });
    const avaPlans: [OrderStatus, number, string, number][] = [
      ['completed', 420, 'Bottom paint', 1],
      ['completed', 300, 'Spring commissioning', 0],
      ['paid', 45, 'Outboard 100-hour service', 0],
      ['partial_payment', 30, 'Bilge pump replacement', 0],
      ['in_progress', 10, 'Chartplotter installation', 0],
      ['estimate_sent', 6, 'Zinc anode replacement', 1],
      ['open_estimate', 2, 'Gelcoat repair', 1],
    ];
    for (const [status, ageDays, service, boat] of avaPlans) {
      b.addOrder(ava, { status, ageDays, service, boat, balance: true });
    }

    const liam = b.addCustomer(1002, {
      firstName: 'Liam',
      lastName: 'Carter',
      company: null,
      email: null,
      phone: '(305) 555-0187',
      street: '77 Mangrove Ln',
      city: 'Islamorada',
      state: 'FL',
      postalCode: '33036',
    });
    b.addBoat(liam, { name: 'Reel Therapy', model: 19, year: 2016, slip: 'Rack 131' });
    b.addOrder(liam, { status: 'completed', ageDays: 200, service: 'Outboard 100-hour service' });
    b.addOrder(liam, { status: 'invoiced', ageDays: 12, service: 'Battery replacement' });

    // Generated customers. The first orders take every status in turn so each appears.
    let forced = 0;
    for (let i = 0; i < customerCount - 2; i++) {
      const person = makePerson(rng, 1003 + i);
      if (person.email) {
        // Reserved domains only: a demo invite must never reach a real mailbox.
        person.email = person.email.replace(
          /@.*$/,
          `@${pick(rng, ['example.com', 'example.net', 'example.org'])}`,
        );
      }
      const customer = b.addCustomer(1003 + i, person);
      const boatCount = rng() < 0.7 ? 1 : rng() < 0.75 ? 2 : 3;
      for (let k = 0; k < boatCount; k++) b.addBoat(customer);
      const orderCount = randInt(rng, 0, 4) + (rng() < 0.2 ? randInt(rng, 1, 4) : 0);
      for (let k = 0; k < orderCount; k++) {
        const plan = forced < ORDER_STATUSES.length ? b.planFor(ORDER_STATUSES[forced++]) : b.randomPlan();
        b.addOrder(customer, plan);
      }
    }

    b.finish();

    await inBatches(b.rows.customers, (rows) => trx.insertInto('customers').values(rows).execute());
    await inBatches(b.rows.boats, (rows) => trx.insertInto('boats').values(rows).execute());
    await inBatches(b.rows.orders, (rows) => trx.insertInto('orders').values(rows).execute());
    await inBatches(b.rows.estimates, (rows) => trx.insertInto('estimates').values(rows).execute());
    await inBatches(b.rows.invoices, (rows) => trx.insertInto('invoices').values(rows).execute());
    await inBatches(b.rows.lineItems, (rows) => trx.insertInto('line_items').values(rows).execute());
    await inBatches(b.rows.payments, (rows) => trx.insertInto('payments').values(rows).execute());
    return { yardId, created: true };
  });
}
