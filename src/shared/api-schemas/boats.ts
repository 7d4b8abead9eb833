import { z } from 'zod';
import { OrderView } from './orders.js';
import { multiLine, singleLine } from './text-fields.js';
import { LENGTH_UNITS, YARD_STATUSES } from './values.js';

// A boat as staff keep it (src/modules/boats/). Dimensions travel in the yard's length unit
// (feet or metres) and are stored in feet with two decimals; docs/yards.md ("Boats").

export {
  DIMENSION_LABELS,
  DIMENSION_LIMITS_FT,
  type Dimension,
  fromFeet,
  LENGTH_UNITS,
  type LengthUnit,
  toFeet,
  YARD_STATUS_LABELS,
  YARD_STATUSES,
  type YardStatus,
} from './values.js';

/**
 * A US hull identification number (33 CFR 181.25): a 3-character manufacturer code, a
 * 5-character serial (no I, O or Q), the month of certification (A–L), the year's last
 * digit and the model year. Spaces and dashes and a leading "US" are ignored.
 */
const HIN = /^[A-Z0-9]{3}[A-HJ-NPR-Z0-9]{5}[A-L][0-9]{3}$/;
export const isUsHullId = (s: string) =>
  HIN.test(
    s
      .toUpperCase()
      .replace(/[\s-]/g, '')
      .replace(/^US(?=.{12}$)/, ''),
  );
export const HULL_ID_MAX = 20;

const nextYear = () => new Date().getUTCFullYear() + 1;

const dimension = (label: string) =>
  z
    .number({ error: `${label} must be a number, such as 12.5` })
    .refine(Number.isFinite, `${label} must be a number, such as 12.5`)
    .positive(`${label} must be more than 0`)
    .nullable();

const optionalText = (label: string, max: number) => singleLine(label, max);

export const BoatEngineInput = z.strictObject({
  make: optionalText('Engine make', 60).optional(),
  model: optionalText('Engine model', 60).optional(),
  serial: optionalText('Engine serial number', 60).optional(),
  hours: z
    .number({ error: 'Engine hours must be a number, such as 1250' })
    .min(0, 'Engine hours cannot be negative')
    .max(1_000_000, 'Engine hours can be at most 1,000,000')
    .nullable()
    .optional(),
});

export const LocationKind = z.enum(['slip', 'rack', 'yard'], {
  error: 'Location must be a slip, a rack or a yard spot',
});

export const BoatLocation = z
  .strictObject({
    kind: LocationKind,
    name: singleLine('Location name', 60).min(1, 'Name the slip, rack or yard spot, such as B-14'),
  })
  .nullable();

/** Every field a boat has; on PATCH each may be left out (it stays) or cleared ('' or null). */
const boatFields = {
  name: singleLine('Boat name', 100).min(1, 'Boat name is required'),
  make: optionalText('Make', 100),
  model: optionalText('Model', 100),
  year: z
    .number({ error: 'Year must be a number, such as 2019' })
    .int('Year must be a whole number, such as 2019')
    .refine((y) => y >= 1900 && y <= nextYear(), {
      error: () => `Year must be between 1900 and ${nextYear()}`,
    })
    .nullable(),
  length: dimension('Length overall'),
  beam: dimension('Beam'),
  draft: dimension('Draft'),
  hullId: optionalText('Hull ID', HULL_ID_MAX),
  registration: optionalText('Registration or documentation number', 40),
  engines: z.array(BoatEngineInput).max(6, 'A boat can have at most 6 engines'),
  location: BoatLocation,
  notes: multiLine('Notes', 2000),
};

export const CreateBoatRequest = z.strictObject(boatFields).partial().required({ name: true });
export const UpdateBoatRequest = z.strictObject(boatFields).partial();
export const TransferBoatRequest = z.strictObject({
  customerId: z.string().uuid('Pick the customer to move the boat to'),
});

export const BoatEngineView = z.object({
  make: z.string().nullable(),
  model: z.string().nullable(),
  serial: z.string().nullable(),
  hours: z.number().nullable(),
});

export const BoatDetail = z.object({
  id: z.string(),
  customerId: z.string(),
  name: z.string(),
  make: z.string().nullable(),
  model: z.string().nullable(),
  year: z.number().nullable(),
  /** In the yard's unit (`lengthUnit`); stored in feet. */
  length: z.number().nullable(),
  beam: z.number().nullable(),
  draft: z.number().nullable(),
  lengthUnit: z.enum(LENGTH_UNITS),
  hullId: z.string().nullable(),
  registration: z.string().nullable(),
  engines: z.array(BoatEngineView),
  location: z.object({ kind: LocationKind, name: z.string() }).nullable(),
  notes: z.string().nullable(),
  archivedAt: z.string().nullable(),
  updatedAt: z.string(),
});

/** Saved, with what looks wrong but was kept (a hull ID that is not in the US format). */
export const BoatWarning = z.object({ field: z.string(), message: z.string() });
export const BoatResponse = z.object({ boat: BoatDetail, warnings: z.array(BoatWarning) });

/** Where a boat is in the yard (docs/boat-status.md). */
export const BoatYardStatus = z.enum(YARD_STATUSES, {
  error: `Status must be one of: ${YARD_STATUSES.join(', ')}`,
});
export const SetBoatStatusRequest = z.strictObject({
  status: BoatYardStatus,
  note: singleLine('Note', 500).optional(),
});
export const BoatStatusEvent = z.object({
  id: z.string(),
  status: BoatYardStatus,
  at: z.string(),
  /** Staff only: who set it and their note. The portal leaves both out. */
  byName: z.string().nullable().optional(),
  note: z.string().nullable().optional(),
});
/** The current status (null until set) and every change, newest first. */
export const BoatStatusResponse = z.object({
  status: BoatYardStatus.nullable(),
  statusAt: z.string().nullable(),
  events: z.array(BoatStatusEvent),
});

/** A boat's own page in the portal: its record, live status with the timeline, and its orders. */
export const PortalBoatResponse = z.object({
  boat: BoatDetail.omit({ notes: true, archivedAt: true, customerId: true }),
  status: BoatStatusResponse,
  orders: z.array(OrderView),
});
