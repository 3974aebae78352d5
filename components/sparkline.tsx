/** A tiny line of recent values (a train node's loss), scaled to its own range. */
export function Sparkline({ values, width, height }: { values: number[]; width: number; height: number }) {
  const finite = values.filter(Number.isFinite).slice(-120);
  if (finite.length < 2) return <svg width={width} height={height} aria-hidden />;
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const span = hi - lo || 1;
  const d = finite.map((v, i) => `${i ? 'L' : 'M'}${((i / (finite.length - 1)) * (width - 2) + 1).toFixed(1)},${(height - 1 - ((v - lo) / span) * (height - 2)).toFixed(1)}`).join('');
  return (
    <svg width={width} height={height} aria-label={`loss from ${finite[0]!.toFixed(3)} to ${finite[finite.length - 1]!.toFixed(3)}`} role="img">
      <path d={d} fill="none" stroke="var(--optimizer)" strokeWidth={1.4} />
    </svg>
  );
}
