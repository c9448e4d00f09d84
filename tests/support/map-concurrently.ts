/**
 * A small worker pool, for the browser crawls to load a few pages at once.
 *
 * @example
 * ```ts
 * const pages = [await context.newPage(), await context.newPage()];
 * const titles = await mapConcurrently(["/login", "/signup"], pages.length, async (path, worker) => {
 *   await pages[worker].goto(`${baseUrl}${path}`);
 *   return await pages[worker].title();
 * });
 * ```
 */

/**
 * Pages a crawl loads at once. A page load waits on the server, then the browser, then the quiet
 * after its requests: one at a time, a crawl keeps under half a core busy; three keep two cores
 * busy, and more would only queue for them.
 */
export const PAGES_AT_ONCE = 3;

/**
 * `work` on every item, `width` at a time: each of `width` workers (numbered
 * from 0, say to pick its own browser page) takes the next item as soon as it
 * is done with one. Results come back in the items' order.
 *
 * An item that fails does not stop the others: every item is worked through,
 * then one error names each item that failed (by `name`) and why.
 */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  width: number,
  work: (item: T, worker: number) => Promise<R>,
  name: (item: T) => string = String,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  const failures: { item: T; error: unknown }[] = [];
  let next = 0;
  const worker = async (id: number) => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index], id);
      } catch (error) {
        failures.push({ item: items[index], error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, (_, id) => worker(id)));
  if (failures.length) {
    const lines = failures.map(({ item, error }) =>
      `${name(item)}: ${error instanceof Error ? error.message : error}`
    );
    throw new AggregateError(
      failures.map(({ error }) => error),
      `${failures.length} of ${items.length} failed:\n${lines.join("\n")}`,
    );
  }
  return results;
}
