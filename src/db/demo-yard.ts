/**
 * The demo yard's rows, held in memory until all are built: customer-since dates and
 * order, estimate and invoice numbers can only be settled once every order is known.
 * Customers and boats are made here; orders and their paperwork in demo-orders.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import { normalizePhone } from '../modules/customers/phone.js';
import { BOAT_MODELS, BOAT_NAMES, type Propulsion } from './demo-boats.js';
import { pick, type Rng, randInt } from './demo-people.js';
import type { DB } from './schema.js';

export const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface Rows {
  customers: Insertable<DB['customers']>[];
  boats: Insertable<DB['boats']>[];
  orders: (Insertable<DB['orders']> & { id: string; opened_at: Date })[];
  estimates: (Insertable<DB['estimates']> & { id: string; created_at: Date })[];
  invoices: (Insertable<DB['invoices']> & { id: string; created_at: Date })[];
  lineItems: Insertable<DB['line_items']>[];
  payments: Insertable<DB['payments']>[];
}

export interface BoatRef {
  id: string;
  lengthFt: number;
  propulsion: Propulsion;
}

export interface CustomerRef {
  id: string;
  boats: BoatRef[];
  /** Customer since: moved back before the first order as orders are added. */
  since: number;
  row: Insertable<DB['customers']>;
  boatRows: Insertable<DB['boats']>[];
}

/** Builds every row of the demo yard in memory; ids are made here so rows can refer to each other. */
export class YardBuilder {
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
  ago(days: number): number {
    return Math.min(this.now - days * DAY + randInt(this.rng, 8, 17) * HOUR, this.now - HOUR);
  }
  /** A later moment than `t`, by minDays..maxDays, never in the future. */
  after(t: number, minDays: number, maxDays: number): number {
    return Math.min(t + (minDays + this.rng() * (maxDays - minDays)) * DAY, this.now - 60_000);
  }
  dateOnly(t: number): string {
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
