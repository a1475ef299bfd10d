/**
 * Edit distance between two ids, counting an insertion, a deletion, a
 * substitution or a swap of two neighbours as one edit (optimal string
 * alignment), which is what typing mistakes look like.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const columns = b.length + 1;
  const d: number[] = new Array<number>(rows * columns).fill(0);
  for (let i = 0; i < rows; i++) d[i * columns] = i;
  for (let j = 0; j < columns; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < columns; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        d[(i - 1) * columns + j]! + 1,
        d[i * columns + j - 1]! + 1,
        d[(i - 1) * columns + j - 1]! + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[(i - 2) * columns + j - 2]! + 1);
      }
      d[i * columns + j] = best;
    }
  }
  return d[rows * columns - 1]!;
}

/**
 * The candidates closest to `id` (at most `limit`, all at the smallest
 * distance found), or none when nothing is within a few typing mistakes
 * (at most 3 edits, and at most a third of the id). Shorter ids win ties, so
 * an alias comes before its dated snapshot.
 *
 * @example closestModelIds('claude-sonet-4-6', ['claude-sonnet-4-6', 'claude-opus-4-6']) // ['claude-sonnet-4-6']
 */
export function closestModelIds(
  id: string,
  candidates: Iterable<string>,
  limit = 3,
): readonly string[] {
  const threshold = Math.min(3, Math.floor(id.length / 3));
  const lower = id.toLowerCase();
  let best = Number.POSITIVE_INFINITY;
  let found: string[] = [];
  for (const candidate of new Set(candidates)) {
    if (Math.abs(candidate.length - id.length) > threshold) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance > threshold || distance > best) continue;
    if (distance < best) {
      best = distance;
      found = [];
    }
    found.push(candidate);
  }
  return found.sort((a, b) => a.length - b.length || a.localeCompare(b)).slice(0, limit);
}
