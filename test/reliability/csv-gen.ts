/** CSV policy exports for the reliability suite, built in memory (deterministic). */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** A GB 11643 ID number with a correct check character. */
export function idNumber(i: number): string {
  const body = `440106${1970 + (i % 40)}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`;
  const sum = [...body].reduce((s, d, k) => s + Number(d) * (WEIGHTS[k] as number), 0);
  return body + CHECK[sum % 11];
}

export const phoneNumber = (i: number) => `139${String(i).padStart(8, '0')}`;
const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
export const plateOf = (i: number) => `粤${LETTERS[Math.floor(i / 100000) % LETTERS.length]}${String(i % 100000).padStart(5, '0')}`;

export const HEADER = ['车牌号', '车主', '联系电话', '身份证号', '保险公司', '保单号', '险种类型', '保费', '起保日期', '到期日期'];

/** One policy row per vehicle: a commercial policy ending within the next months. */
export function policyRow(i: number): string[] {
  const month = 1 + (i % 12);
  const day = 1 + (i % 28);
  const end = `2027-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const start = `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return [plateOf(i), `客户${i}`, phoneNumber(i), idNumber(i), '平安产险', `PA${String(i).padStart(10, '0')}`, '商业险', String(2000 + (i % 3000)), start, end];
}

export function csv(rows: readonly (readonly string[])[], header: readonly string[] = HEADER): string {
  return [header, ...rows].map((r) => r.join(',')).join('\n') + '\n';
}

/** `n` valid policy rows starting at vehicle `from`. */
export function policyCsv(n: number, from = 0): string {
  return csv(Array.from({ length: n }, (_, k) => policyRow(from + k)));
}
