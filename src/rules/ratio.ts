/** n / d, or null when d is 0 (a rate of nothing is absent, not zero): ratio(1, 3) ≈ 0.333, ratio(0, 0) === null. */
export function ratio(n: number, d: number | null): number | null {
  return d === null || d === 0 ? null : n / d;
}
