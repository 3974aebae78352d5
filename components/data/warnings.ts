/** What a person should know about a dataset's class sizes before training on it. */
export function warningsOf(counts: Record<string, number>): string[] {
  const entries = Object.entries(counts);
  const out: string[] = [];
  const tiny = entries.filter(([, n]) => n < 10);
  if (tiny.length) out.push(`${tiny.map(([c, n]) => `"${c}" has ${n} image${n === 1 ? '' : 's'}`).join(', ')}: with fewer than 10 per class, the validation and test splits are tiny and results swing a lot. Add more.`);
  // Empty classes are already named above; the ratio is between classes that have images.
  const filled = entries.filter(([, n]) => n > 0);
  const ns = filled.map(([, n]) => n);
  if (ns.length > 1 && Math.max(...ns) >= 3 * Math.min(...ns)) {
    const [big] = filled.reduce((a, b) => (b[1] > a[1] ? b : a));
    const [small] = filled.reduce((a, b) => (b[1] < a[1] ? b : a));
    out.push(`Imbalanced: "${big}" has ${Math.round(Math.max(...ns) / Math.min(...ns))}× as many images as "${small}". The model will lean towards the big classes; add images or set a limit per class.`);
  }
  return out;
}
