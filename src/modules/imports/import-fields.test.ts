import { describe, expect, it } from 'vitest';
import { guessField, guessMapping, headerKey } from './import-fields.js';
import { parseLength } from './row-values.js';

describe('import column mapping guess', () => {
  it('reads the labels other systems write, whatever their case, spacing and punctuation', () => {
    const cases: [string, string | null][] = [
      ['First Name', 'firstName'],
      ['first_name', 'firstName'],
      ['E-mail Address', 'email'],
      ['EMAIL', 'email'],
      ['Mobile', 'phone'],
      ['Cell', 'phone'],
      [' Phone: ', 'phone'],
      ['Company', 'company'],
      ['Customer #', 'customerNumber'],
      ['Account No.', 'customerNumber'],
      ['Street', 'street'],
      ['City', 'city'],
      ['State', 'state'],
      ['Zip', 'postalCode'],
      ['Vessel Name', 'boatName'],
      ['Boat', 'boatName'],
      ['Make', 'make'],
      ['Model', 'model'],
      ['Year', 'year'],
      ['LOA', 'length'],
      ['Length', 'length'],
      ['Beam', 'beam'],
      ['Draft', 'draft'],
      ['HIN', 'hullId'],
      ['Hull ID', 'hullId'],
      ['Registration', 'registration'],
      ['Slip', 'slip'],
      ['Notes', 'notes'],
      ['Favourite colour', null],
    ];
    for (const [label, field] of cases) expect([label, guessField(label)]).toEqual([label, field]);
  });

  it('maps a field once, keeps customer and boat columns to their file, and keys a saved mapping by the header', () => {
    expect(guessMapping({ customers: ['Email', 'E-mail', 'Boat'], boats: null }).customers).toEqual([
      'email',
      null,
      'boatName',
    ]);
    const two = guessMapping({
      customers: ['Owner ID', 'Name', 'Boat'],
      boats: ['Owner ID', 'Vessel', 'Email'],
    });
    expect(two).toEqual({
      customers: ['customerKey', 'fullName', null],
      boats: ['customerKey', 'boatName', null],
    });
    expect(headerKey({ customers: ['E-mail', 'First Name'], boats: null })).toBe(
      headerKey({ customers: ['email', 'first_name'], boats: null }),
    );
  });

  it('reads lengths in feet, feet and inches, or metres', () => {
    expect(parseLength('32', 'ft')).toBe(32);
    expect(parseLength('32\' 6"', 'ft')).toBe(32.5);
    expect(parseLength('9.8 m', 'ft')).toBe(32.15);
    expect(parseLength('10', 'm')).toBe(32.81);
    expect(parseLength('long', 'ft')).toBeNull();
  });
});
