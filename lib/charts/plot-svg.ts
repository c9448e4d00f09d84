/**
 * Observable Plot rendered on the server: the chart arrives as plain SVG in
 * the page, readable without JavaScript, with a `<title>` and `<desc>` that
 * screen readers announce. linkedom stands in for the browser's document.
 *
 * @example
 * ```ts
 * const svg = plotSvg(
 *   { marks: [Plot.barY(rows, { x: "month", y: "total" })] },
 *   { id: "visits", title: "Visits per month", desc: "Highest in March: 120." },
 * );
 * ```
 */
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";

export interface ChartText {
  /** Unique on the page: the title and description are referenced by id. */
  id: string;
  title: string;
  /** The chart's content in words: what a reader who cannot see it needs. */
  desc: string;
}

export function plotSvg(options: Plot.PlotOptions, text: ChartText): string {
  const { document } = parseHTML("<!doctype html><html><body></body></html>");
  const svg = Plot.plot({ ...options, document } as Plot.PlotOptions) as unknown as Element;
  // The whole chart is one image to assistive technology, named by its title and
  // description; Plot's labels on inner groups are not allowed below role="img".
  for (const el of [svg, ...svg.querySelectorAll("[aria-label]")]) el.removeAttribute("aria-label");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-labelledby", `${text.id}-title ${text.id}-desc`);
  const ns = "http://www.w3.org/2000/svg";
  const title = document.createElementNS(ns, "title");
  title.setAttribute("id", `${text.id}-title`);
  title.textContent = text.title;
  const desc = document.createElementNS(ns, "desc");
  desc.setAttribute("id", `${text.id}-desc`);
  desc.textContent = text.desc;
  svg.insertBefore(desc, svg.firstChild);
  svg.insertBefore(title, svg.firstChild);
  return svg.outerHTML;
}
