import { describe, expect, it } from 'vitest';
import { type Packed, packRow, unpackRows } from '../../src/features/import/parse-rows.js';
import type { RowIn, RowWarning } from '../../src/rules/validate.js';

describe('rows packed for the trip from the parser thread', () => {
  it('every field of the vehicle, the warnings and each policy comes back where it was, in order; a repeated vehicle is sent once', () => {
    const first: RowIn = {
      line: 7,
      vehicle: {
        plate: '粤A12345', vin: 'LFV2A21K6A3000001', engine_no: 'E1', model: '卡罗拉', first_registration: '2020-01-02', owner: '张三', insured: '李四',
        phone: '13812345678', id_no: '440106199001011234', address: '广州', specialist: '王五', installment: 1, beneficiary: '中国银行广州分行', business: 'switch',
      },
      policies: [
        { kind: 'compulsory', insurer: '平安', policy_no: 'P1', premium_cents: 95000, start_date: '2025-01-01', end_date: '2026-01-01', coverages: 'a', natural_key: 'P|P1', row_hash: 'h1' },
        { kind: 'commercial', insurer: null, policy_no: null, premium_cents: null, start_date: null, end_date: '2026-02-01', coverages: null, natural_key: 'K|粤A12345|commercial|2026-02-01', row_hash: 'h2' },
      ],
    };
    const warnings: RowWarning[] = [
      { line: 7, field: 'vin', kind: 'vinChecksum', reason: '', shown: 'LFV2A21K6A3000001' },
      { line: 7, field: 'id_no', kind: 'idChecksum', reason: '', shown: '440***' },
      { line: 7, field: 'phone', kind: 'dropped', reason: 'scientific', shown: '1.3****E+10' },
    ];
    // A row with warnings carries its cells (for the warnings file); the others do not.
    const cells = ['粤A12345', 'LFV2A21K6A3000001', '1.38123E+10'];
    const second: RowIn = {
      line: 9,
      vehicle: {
        plate: '粤B00001', vin: null, engine_no: null, model: null, first_registration: null, owner: null, insured: null, phone: null, id_no: null,
        address: null, specialist: null, installment: null, beneficiary: null, business: null,
      },
      policies: [],
    };
    const third: RowIn = { ...second, line: 10, vehicle: { ...second.vehicle } };
    const fourth: RowIn = { ...second, line: 11, vehicle: { ...second.vehicle, installment: 0 } };
    const packed: Packed = [];
    packRow(packed, first, warnings, undefined, cells);
    packRow(packed, second, [], first.vehicle, cells);
    packRow(packed, third, [], second.vehicle, cells);
    packRow(packed, fourth, [], third.vehicle, cells);
    // The third row's vehicle equals the second's: sent once.
    expect(packed.filter((v) => v === '粤B00001')).toHaveLength(2);
    expect([...unpackRows(packed)]).toEqual([first, second, third, fourth].map((row, i) => ({ row, warnings: i === 0 ? warnings : [], cells: i === 0 ? cells : [] })));
  });
});
