/** Calendar months as 'YYYY-MM' text: the report's unit of time. */

const pad = (n: number) => String(n).padStart(2, '0');

/** '2026-11' moved by `delta` months: shiftMonth('2026-01', -1) === '2025-12'. */
export function shiftMonth(month: string, delta: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + delta;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;
}

/** The month before the one `today` ('YYYY-MM-DD') falls in: a report made on the 1st covers it. */
export function previousMonth(today: string): string {
  return shiftMonth(today.slice(0, 7), -1);
}

/** The due dates of a month as an inclusive text range: { from: '2026-10-01', to: '2026-10-31' }. */
export function monthRange(month: string): { from: string; to: string } {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${pad(last)}` };
}

/** `count` months ending with `month`, oldest first. */
export function monthsEndingAt(month: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => shiftMonth(month, i - count + 1));
}
