import { assertEquals, assertRejects } from "../../support/assert.ts";
import {
  cacheKey,
  FRESH_MS,
  HttpError,
  invalidateOnLive,
  SwrCache,
} from "../../../lib/islands/swr-cache.ts";

function rig() {
  let clock = 1_000_000;
  const served: string[] = [];
  let version = 0;
  const cache = new SwrCache({
    now: () => clock,
    fetcher: (key) => {
      served.push(key);
      return Promise.resolve({ key, version: ++version });
    },
    send: (_path, init) =>
      Promise.resolve(
        new Response(init.body as string, {
          status: String(init.body).includes("refuse") ? 409 : 201,
          headers: { "content-type": "application/json" },
        }),
      ),
  });
  return {
    cache,
    served,
    tick: (ms: number) => (clock += ms),
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

Deno.test("keys are the path and its query in a fixed order, whatever the method", () => {
  assertEquals(
    cacheKey("/api/v1/inventory/items", { sort: "name", low: "1", q: "" }),
    "/api/v1/inventory/items?low=1&sort=name",
  );
  assertEquals(
    cacheKey("/api/v1/inventory/items?sort=name&low=1"),
    cacheKey("/api/v1/inventory/items?low=1&sort=name"),
  );
  assertEquals(cacheKey("/api/v1/inventory/items", {}), "/api/v1/inventory/items");
});

Deno.test("an entry is served from the cache for 90 seconds", async () => {
  const { cache, served, tick } = rig();
  const key = "/api/v1/inventory/items";
  assertEquals(await cache.get(key), { key, version: 1 });
  tick(FRESH_MS - 1);
  assertEquals(await cache.get(key), { key, version: 1 });
  assertEquals(served.length, 1, "no second request while fresh");
});

Deno.test("past 90 seconds the stale value is served while a fetch replaces it", async () => {
  const { cache, served, tick } = rig();
  const key = "/api/v1/inventory/items?low=1";
  const heard: unknown[] = [];
  cache.subscribe(key, (value) => heard.push(value));
  await cache.get(key);
  tick(FRESH_MS);
  assertEquals(await cache.get(key), { key, version: 1 }, "stale, at once");
  await flush();
  assertEquals(served.length, 2);
  assertEquals(heard.at(-1), { key, version: 2 }, "subscribers hear the revalidated value");
  assertEquals(await cache.get(key), { key, version: 2 });
});

Deno.test("a mutation invalidates the keys it affects and refetches those on screen", async () => {
  const { cache, served } = rig();
  const list = "/api/v1/inventory/items";
  const other = "/api/v1/patients";
  const heard: unknown[] = [];
  cache.prime(list, { primed: true });
  cache.subscribe(list, (value) => heard.push(value));
  await cache.get(other);
  await cache.mutate("/api/v1/inventory/items/x/movements", {
    method: "POST",
    body: { kind: "consume" },
  }, ["/api/v1/inventory/"]);
  await flush();
  assertEquals(heard, [{ key: list, version: 2 }]);
  assertEquals(cache.peek(other)?.stale, false, "other endpoints keep their entries");
  assertEquals(served, [other, list]);
});

Deno.test("a refused mutation throws its message and invalidates nothing", async () => {
  const { cache, served } = rig();
  cache.prime("/api/v1/inventory/items", { primed: true });
  const error = await assertRejects(() =>
    cache.mutate("/api/v1/inventory/items/x/movements", {
      method: "POST",
      body: { error: "refuse" },
    }, ["/api/v1/inventory/"])
  );
  assertEquals((error as HttpError).status, 409);
  assertEquals(cache.peek("/api/v1/inventory/items")?.stale, false);
  assertEquals(served.length, 0);
});

Deno.test("a live event from another tab invalidates the cached reads", async () => {
  const { cache } = rig();
  let deliver = () => {};
  const subscribe = (types: string[], handler: () => void) => {
    assertEquals(types, ["inventory.changed"]);
    deliver = handler;
    return () => {};
  };
  const key = "/api/v1/inventory/items";
  const heard: unknown[] = [];
  cache.prime(key, { primed: true });
  cache.subscribe(key, (value) => heard.push(value));
  invalidateOnLive(cache, subscribe, ["inventory.changed"], ["/api/v1/inventory/"]);
  deliver();
  await flush();
  assertEquals(heard, [{ key, version: 1 }]);
});
