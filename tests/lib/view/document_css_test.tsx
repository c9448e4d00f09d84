/**
 * The inlined stylesheet of a rendered page: every class the page shows has
 * its rule, however the page's classes reached the markup, and pages that
 * share a cached sheet really do use the same classes.
 */
import { assert, assertEquals } from "../../support/assert.ts";
import { signal } from "@preact/signals";
import presetTailwind from "@twind/preset-tailwind";
import { defineConfig } from "@twind/core";
import { createDocumentRenderer } from "../../../lib/view/render.ts";

const render = createDocumentRenderer({
  islands: {},
  twind: defineConfig({ presets: [presetTailwind()] }),
});

const sheetOf = (html: string) => html.match(/<style data-twind>(.*?)<\/style>/s)?.[1] ?? "";

Deno.test("each page's sheet carries the rules of its own classes and not another's", () => {
  const red = render(<p class="text-red-600">Overdue</p>, { title: "A" });
  const green = render(<p class="text-green-700">Paid</p>, { title: "B" });
  assert(sheetOf(red).includes(".text-red-600"));
  assert(!sheetOf(red).includes(".text-green-700"));
  assert(sheetOf(green).includes(".text-green-700"));
  assert(!sheetOf(green).includes(".text-red-600"));
});

Deno.test("a page rendered again gets the same sheet", () => {
  const page = () => (
    <ul class="divide-y">
      {[1, 2, 3].map((n) => <li key={n} class="px-4 py-2">Row {n}</li>)}
    </ul>
  );
  const first = sheetOf(render(page(), { title: "List" }));
  const second = sheetOf(render(page(), { title: "List" }));
  assertEquals(second, first);
  assert(first.includes(".px-4"));
});

Deno.test("classes inside inner HTML are styled even when the elements around them match another page", () => {
  const plain = render(
    <div class="p-2">
      <span>chart</span>
    </div>,
    { title: "Plain" },
  );
  const chart = render(
    <div class="p-2" dangerouslySetInnerHTML={{ __html: '<svg class="fill-amber-400"></svg>' }} />,
    { title: "Chart" },
  );
  assert(!sheetOf(plain).includes(".fill-amber-400"));
  assert(sheetOf(chart).includes(".fill-amber-400"));
});

Deno.test("a class given as a signal is styled", () => {
  const tone = signal("bg-sky-100");
  const html = render(<div class={tone}>Live</div>, { title: "Signal" });
  assert(html.includes('class="bg-sky-100"'));
  assert(sheetOf(html).includes(".bg-sky-100"));
});

Deno.test("the body's classes are styled, and a different body class gets its own rules", () => {
  const light = render(<main class="p-4" />, { title: "Light" });
  const dark = render(<main class="p-4" />, { title: "Dark", bodyClass: "bg-slate-900" });
  assert(sheetOf(light).includes(".bg-slate-50"));
  assert(sheetOf(dark).includes(".bg-slate-900"));
  assert(!sheetOf(dark).includes(".bg-slate-50"));
});
