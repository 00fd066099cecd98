/**
 * The fleet as a dealer-style policy export: one row per policy, UTF-8 with a BOM
 * and CRLF (as Excel writes it), streamed to the file in large chunks so a million
 * rows take seconds and constant memory.
 */
import { closeSync, writeSync } from 'node:fs';
import { UTF8_BOM } from '../csv-write.js';
import { openOutputFile } from '../output-file.js';
import { type DemoPolicy, type DemoVehicle, type FleetOptions, generateFleet } from './fleet.js';

export const DEMO_CSV_HEADER = [
  '车牌号', '车架号', '发动机号', '品牌型号', '初次登记日期', '车主', '被保险人', '联系电话', '身份证号',
  '保险公司', '保单号', '险种类型', '保费', '起保日期', '保险止期', '续保专员', '是否分期',
] as const;

const KIND_LABEL = { compulsory: '交强险', commercial: '商业险' } as const;
const FLUSH_AT = 1 << 20;

export interface CsvCounts {
  vehicles: number;
  rows: number;
}

/** 345670 -> '3456.70'. */
function yuanText(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/**
 * The CSV lines of a vehicle's policies. The generator never produces commas, quotes or a leading
 * = + - @, so cells are written as they are (a test checks this against csvLine).
 */
export function demoCsvRows(v: DemoVehicle): string {
  const head = `${v.plate},${v.vin},${v.engineNo},${v.model},${v.firstRegistration},${v.owner},${v.insured},${v.phone},${v.idNo},`;
  const tail = `,${v.specialist},${v.installment ? '是' : '否'}\r\n`;
  let rows = '';
  for (const p of v.current) rows += head + policyCells(p) + tail;
  for (const p of v.renewal) rows += head + policyCells(p) + tail;
  return rows;
}

function policyCells(p: DemoPolicy): string {
  return `${p.insurer},${p.policyNo},${KIND_LABEL[p.kind]},${yuanText(p.premiumCents)},${p.startDate},${p.endDate}`;
}

/** Writes the export to `path` (owner-only; an existing file only with `force`). */
export function writeDemoCsv(path: string, options: FleetOptions, force = false): CsvCounts {
  const fd = openOutputFile(path, { force });
  const counts: CsvCounts = { vehicles: 0, rows: 0 };
  try {
    // Encode into one reused buffer: building a megabyte string first cost more in GC than the writing.
    const buffer = Buffer.allocUnsafe(FLUSH_AT + (64 << 10));
    let used = buffer.write(UTF8_BOM + DEMO_CSV_HEADER.join(',') + '\r\n');
    for (const v of generateFleet(options)) {
      counts.vehicles += 1;
      counts.rows += v.current.length + v.renewal.length;
      used += buffer.write(demoCsvRows(v), used);
      if (used >= FLUSH_AT) {
        writeSync(fd, buffer, 0, used);
        used = 0;
      }
    }
    writeSync(fd, buffer, 0, used);
  } finally {
    closeSync(fd);
  }
  return counts;
}
