/**
 * Side-by-side placement of appointments that overlap in one day column.
 * Appointments that overlap, directly or through a chain, form a cluster;
 * each takes the leftmost column free at its start, and every member of a
 * cluster shares the cluster's column count, so widths line up. A card then
 * widens over the columns to its right that nothing it overlaps uses, so a
 * busy moment does not squeeze the whole morning.
 *
 * @example
 * ```ts
 * layoutOverlaps([
 *   { id: "a", start: 600, end: 660 },
 *   { id: "b", start: 630, end: 690 },
 *   { id: "c", start: 700, end: 730 },
 * ]);
 * // a → column 0 of 2, b → column 1 of 2, c → column 0 of 1 (each spanning 1)
 * ```
 */

export interface TimedItem {
  id: string;
  /** Any consistent unit: minutes of day or epoch milliseconds. */
  start: number;
  end: number;
}

export interface Placement {
  column: number;
  columns: number;
  /** How many columns the card covers, from `column` rightwards. */
  span: number;
}

export function layoutOverlaps(items: readonly TimedItem[]): Map<string, Placement> {
  const placements = new Map<string, Placement>();
  // Earlier first; at the same start the longer one takes the left column.
  const sorted = [...items].sort((a, b) => a.start - b.start || b.end - a.end);

  let cluster: { item: TimedItem; column: number }[] = [];
  let columnEnds: number[] = [];
  let clusterEnd = -Infinity;
  const overlap = (a: TimedItem, b: TimedItem) => a.start < b.end && b.start < a.end;
  const closeCluster = () => {
    const columns = columnEnds.length;
    for (const { item, column } of cluster) {
      let span = 1;
      while (
        column + span < columns &&
        !cluster.some((other) => other.column === column + span && overlap(other.item, item))
      ) span++;
      placements.set(item.id, { column, columns, span });
    }
    cluster = [];
    columnEnds = [];
  };

  for (const item of sorted) {
    // Touching (one ends as the next starts) is not overlapping.
    if (item.start >= clusterEnd) closeCluster();
    let column = columnEnds.findIndex((end) => end <= item.start);
    if (column === -1) column = columnEnds.push(item.end) - 1;
    else columnEnds[column] = item.end;
    cluster.push({ item, column });
    clusterEnd = cluster.length === 1 ? item.end : Math.max(clusterEnd, item.end);
  }
  closeCluster();
  return placements;
}
