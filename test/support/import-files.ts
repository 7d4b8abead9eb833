import { writeFileSync } from 'node:fs';

/** A large export, one row per boat: 80 % of the rows are customers, the rest their second boats. */
export function writeExport(file: string, rows: number) {
  const customers = Math.round(rows * 0.8);
  const lines = ['Account No,First Name,Last Name,E-mail Address,Cell,City,Vessel Name,Make,Year,LOA,HIN'];
  for (let i = 0; i < rows; i++) {
    const n = i < customers ? i : i - customers;
    const second = i >= customers;
    lines.push(
      `${100001 + n},Memory,Test ${n},memory-${n}@example.com,,Key West,${second ? 'Tender' : 'Boat'} ${n},Grady-White,2015,${second ? 10 : 25},HIN${n}${second ? 'B' : 'A'}`,
    );
  }
  writeFileSync(file, lines.join('\n'));
}
