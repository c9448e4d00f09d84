import { signal } from "@preact/signals";
import { join } from "node:path";
import { assert, assertEquals, assertMatch } from "../../support/assert.ts";
import { registerIslands, renderWithIslands, serializeProps } from "../../../lib/islands/server.ts";
import { ISLANDS_OUT_DIR, readManifest } from "../../../lib/islands/manifest.ts";
import { islandSourceHash } from "../../../lib/islands/build.ts";
import { renderDocument } from "../../../routes/_document.ts";
import { islands } from "../../../fresh.config.ts";
import SessionRuntime from "../../../islands/SessionRuntime.tsx";

function Greeting({ name }: { name: string }) {
  return <p class="text-brand-700">Hello {name}</p>;
}
function Counter({ count }: { count: { value: number } }) {
  return <output>{count.value}</output>;
}
registerIslands({ Counter });

Deno.test("a page without islands renders no script at all", () => {
  const html = renderDocument(<Greeting name="Ayesha" />, { title: "Hi" });
  assert(!/<script/i.test(html));
  assertMatch(html, /<p class="text-brand-700">Hello Ayesha<\/p>/);
  assertMatch(html, /\.text-brand-700\{[^}]*color/, "the CSS of the classes used is inlined");
  assert(!html.includes(".bg-red-600"), "and only of the classes used");
  assertMatch(html, /<title>Hi · OdontoX<\/title>/);
});

Deno.test("an island renders inside a marker with its props, and is reported as used", () => {
  const { html, islands: used } = renderWithIslands(
    <main>
      <SessionRuntime expiresInMs={1234} refreshLeadMs={180000} />
    </main>,
  );
  assertEquals(used, ["SessionRuntime"]);
  const props = html.match(/data-props="([^"]*)"/)![1].replaceAll("&quot;", '"');
  assertEquals(JSON.parse(props), { expiresInMs: 1234, refreshLeadMs: 180000 });
});

Deno.test("a page loads the bundle of each island it renders, and nothing else", () => {
  const html = renderDocument(
    <SessionRuntime expiresInMs={1} refreshLeadMs={1} />,
    { title: "x" },
  );
  const scripts = [...html.matchAll(/<script type="module" src="([^"]+)"><\/script>/g)].map((m) =>
    m[1]
  );
  assertEquals(scripts, [readManifest()!.islands.SessionRuntime]);
});

Deno.test("a signal prop crosses as its value and is named for revival", () => {
  const count = signal(41);
  assertEquals(serializeProps("Counter", { count, label: "x" }), {
    props: '{"count":41,"label":"x"}',
    signals: '["count"]',
  });
  const { html } = renderWithIslands(<Counter count={count} />);
  assertMatch(html, /data-signals="\[&quot;count&quot;\]"/);
  assertMatch(html, /<output>41<\/output>/);
});

Deno.test("props that cannot reach the browser are refused at render time", () => {
  for (const props of [{ onClick: () => {} }, { children: "x" }]) {
    let message = "";
    try {
      serializeProps("Bad", props);
    } catch (error) {
      message = (error as Error).message;
    }
    assertMatch(message, /cannot/);
  }
});

Deno.test("built bundles are named by their content hash and match the sources", async () => {
  const manifest = readManifest();
  assert(manifest, "run `deno task build` first");
  assertEquals(Object.keys(manifest.islands).sort(), Object.keys(islands).sort());
  for (const url of Object.values(manifest.islands)) {
    const file = join(ISLANDS_OUT_DIR, url.split("/").pop()!);
    const bytes = await Deno.readFile(file);
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    const hex = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
    assertMatch(url, new RegExp(`-${hex.slice(0, 12)}\\.js$`));
    assert(!new TextDecoder().decode(bytes).includes("drizzle"), "no server code in a bundle");
  }
  assertEquals(manifest.sourceHash, await islandSourceHash(), "bundles are up to date");
});
