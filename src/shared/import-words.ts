import type { ImportField, ImportOutcome } from './api-types.js';

// The words of the import pages and reports (docs/import.md).

/** Staff-facing names of the fields, for messages and the mapping screen. */
export const FIELD_LABELS: Record<ImportField, string> = {
  customerNumber: 'Customer number',
  customerKey: 'Customer key (joins the two files)',
  firstName: 'First name',
  lastName: 'Last name',
  fullName: 'Full name',
  company: 'Company',
  email: 'Email',
  email2: 'Second email',
  phone: 'Phone',
  phone2: 'Second phone',
  street: 'Street',
  city: 'City',
  state: 'State',
  postalCode: 'ZIP / postal code',
  notes: 'Customer notes',
  boatName: 'Boat name',
  make: 'Make',
  model: 'Model',
  year: 'Year',
  length: 'Length',
  beam: 'Beam',
  draft: 'Draft',
  hullId: 'HIN / hull ID',
  registration: 'Registration',
  slip: 'Slip',
  boatNotes: 'Boat notes',
};

export const OUTCOME_LABELS: Record<ImportOutcome, string> = {
  create: 'New',
  update: 'Update',
  no_change: 'No change',
  duplicate: 'Duplicate',
  invalid: 'Invalid',
};
