import { describe, expect, it } from 'vitest';
import { detectKind, SpreadsheetError } from './index.js';

const bytes = (...b: number[]) => Buffer.from(b);

describe('telling what an upload is', () => {
  it('takes a zip as .xlsx whatever its name, and text as CSV', () => {
    expect(detectKind('customers.csv', bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0))).toBe('xlsx');
    expect(detectKind('customers.txt', Buffer.from('Email\tPh'))).toBe('csv');
    expect(detectKind('', Buffer.alloc(0))).toBe('csv');
  });

  it.each([
    [
      'a PDF',
      'customers.pdf',
      bytes(0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37),
      /PDF, not a spreadsheet/,
    ],
    ['an image', 'list.png', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), /image/],
    [
      'an Excel 97-2003 file',
      'c.xls',
      bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1),
      /97-2003 \.xls .*\.xlsx or CSV/,
    ],
    ['UTF-16 text', 'c.txt', bytes(0xff, 0xfe, 0x45, 0, 0x6d, 0), /UTF-16/],
    ['binary junk', 'c.csv', bytes(0x45, 0x6d, 0, 1, 2, 3), /not a text or spreadsheet file/],
    ['text named .xlsx', 'c.xlsx', Buffer.from('Email\r\na@'), /named \.xlsx but is not an Excel workbook/],
  ])('refuses %s', (_, name, head, message) => {
    expect(() => detectKind(name, head)).toThrow(SpreadsheetError);
    expect(() => detectKind(name, head)).toThrow(message);
  });
});
