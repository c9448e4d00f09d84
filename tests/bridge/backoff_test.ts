import { backoffDelay } from "../../bridge/backoff.ts";
import { assert, assertEquals } from "../support/assert.ts";

const options = { initialMs: 1_000, maxMs: 60_000 };

Deno.test("retry delays double each time and stay within [step/2, step]", () => {
  for (let attempt = 0; attempt < 6; attempt++) {
    const step = 1_000 * 2 ** attempt;
    assertEquals(backoffDelay(attempt, { ...options, random: () => 0 }), step / 2);
    assertEquals(backoffDelay(attempt, { ...options, random: () => 0.999999 }), step);
  }
});

Deno.test("retry delays never exceed the cap, however many failures came before", () => {
  for (const attempt of [6, 7, 20, 1_000, Number.MAX_SAFE_INTEGER]) {
    const delay = backoffDelay(attempt, { ...options, random: () => 0.999999 });
    assertEquals(delay, 60_000);
  }
});

Deno.test("jitter spreads bridges that failed at the same moment", () => {
  const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(4, options)));
  assert(delays.size > 10, `only ${delays.size} distinct delays`);
  for (const delay of delays) assert(delay >= 8_000 && delay <= 16_000, `delay ${delay}`);
});
