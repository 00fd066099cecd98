import { describe, expect, it } from 'vitest';
import { planColumns } from '../../src/rules/columns.js';
import { checkRecord, type RowIn, rowRules } from '../../src/rules/validate.js';
import { DEFAULT_SETTINGS } from '../../src/rules/settings.js';

const HEADER = ['车牌号', '车主', '联系电话', '险种', '保单号', '保费', '起保日期', '到期日期'];
const plan = planColumns(HEADER, new Map(), 'policies.csv');

function hashes(cells: string[], line: number): string[] {
  const checked = checkRecord(cells, line, plan, rowRules(DEFAULT_SETTINGS));
  if ('problems' in checked) throw new Error(JSON.stringify(checked.problems));
  return (checked.row as RowIn).policies.map((p) => p.row_hash);
}

const row = (phone: string, policyNo: string) => ['粤A12345', '张三', phone, '商业险', policyNo, '3200', '2025-12-01', '2026-11-30'];

describe('row hashes (what makes a re-imported row "unchanged")', () => {
  it('reusing the previous row\'s vehicle gives the hash a fresh computation gives; any vehicle change shows', () => {
    // Each record checked after a different vehicle: nothing can be reused.
    const fresh = (cells: string[]) => {
      hashes(['粤B99999', '李四', '13900000000', '交强险', 'X1', '950', '2025-12-01', '2026-11-30'], 1);
      return hashes(cells, 2)[0];
    };
    const a = fresh(row('13812345678', 'P1'));
    const b = fresh(row('13812345679', 'P1'));
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(b).not.toBe(a);
    // The same records in a run of one vehicle: the second reuses the first's vehicle lanes.
    expect(hashes(row('13812345678', 'P0'), 3)).toHaveLength(1);
    expect(hashes(row('13812345678', 'P1'), 4)).toEqual([a]);
    expect(hashes(row('13812345679', 'P1'), 5)).toEqual([b]);
    expect(hashes(row('13812345678', 'P1'), 6)).toEqual([a]);
  });
});
