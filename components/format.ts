/** 0.973 → "97.3%"; a missing value → "—". */
export const pct = (x: number | null | undefined) => (x == null ? '—' : `${(x * 100).toFixed(1)}%`);
