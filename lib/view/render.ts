/**
 * Turns a page component into a complete HTML response: server-rendered
 * Preact, the CSS of exactly the twind classes it uses (inlined), and one
 * module script per island it rendered. A page without islands gets no
 * `<script>` at all.
 */
import { type ComponentType, options as preactOptions, type VNode } from "preact";
import { type BaseTheme, extract, twind, type TwindConfig, virtual } from "@twind/core";
import { readManifest } from "../islands/manifest.ts";
import { registerIslands, renderWithIslands } from "../islands/server.ts";
import type { BrowserMonitoring } from "../observability/sentry-browser-config.ts";

let manifestCache: Record<string, string> | null = null;
let monitoringSrc: string | null | undefined;
function islandScript(name: string): string {
  manifestCache ??= readManifest()?.islands ?? {};
  const src = manifestCache[name];
  if (!src) throw new Error(`Island bundle "${name}" is missing: run \`deno task build\``);
  return src;
}

// Pages repeat the same class sets, and generating CSS is most of a render's
// cost, so the CSS is kept per distinct set of class attributes. The set is
// collected while Preact renders, one `add` per element, rather than found
// again by scanning the finished HTML, which cost as much as the rest of a
// cached render. Markup Preact does not build itself (inner HTML) is not
// seen there, so such a page's set comes from scanning its HTML; the two
// kinds of key are prefixed apart.
const CSS_CACHE_LIMIT = 500;
const CLASS_ATTRIBUTE = ' class="';

interface ClassCollector {
  classes: Set<string>;
  /** Set when an element's classes cannot be read from its props alone. */
  opaque: boolean;
}
let collecting: ClassCollector | null = null;

const previousDiffedHook = preactOptions.diffed;
preactOptions.diffed = (vnode) => {
  if (collecting && typeof vnode.type === "string") {
    const props = vnode.props as Record<string, unknown>;
    const value = props.class ?? props.className;
    if (typeof value === "string") collecting.classes.add(value);
    else if (value != null && value !== false) collecting.opaque = true;
    if (props.dangerouslySetInnerHTML && vnode.type !== "style" && vnode.type !== "script") {
      collecting.opaque = true;
    }
  }
  previousDiffedHook?.(vnode);
};

function scannedClassAttributes(html: string): string {
  const seen = new Set<string>();
  for (let at = html.indexOf(CLASS_ATTRIBUTE); at >= 0; at = html.indexOf(CLASS_ATTRIBUTE, at)) {
    const start = at + CLASS_ATTRIBUTE.length;
    const end = html.indexOf('"', start);
    if (end < 0) break;
    seen.add(html.slice(start, end));
    at = end;
  }
  return "html\n" + [...seen].sort().join("\n");
}

/** Renders the body, noting the class attributes of every element as it goes. */
function renderCollectingClasses(body: VNode, bodyClass: string) {
  const outer = collecting;
  const collector: ClassCollector = { classes: new Set([bodyClass]), opaque: false };
  collecting = collector;
  try {
    const rendered = renderWithIslands(body);
    return { ...rendered, collector };
  } finally {
    collecting = outer;
  }
}

function cssFor(
  page: string,
  collector: ClassCollector,
  extractCss: (html: string) => string,
  cssCache: Map<string, string>,
): string {
  const key = collector.opaque
    ? scannedClassAttributes(page)
    : "props\n" + [...collector.classes].sort().join("\n");
  let css = cssCache.get(key);
  if (css === undefined) {
    css = extractCss(page);
    if (cssCache.size >= CSS_CACHE_LIMIT) cssCache.delete(cssCache.keys().next().value!);
    cssCache.set(key, css);
  }
  return css;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export interface DocumentOptions {
  title: string;
  /** Extra classes for `<body>`. */
  bodyClass?: string;
  /**
   * Browser-side Sentry; its script is loaded before the islands, and only on
   * a page that has islands: a page without them stays script-free.
   */
  monitoring?: BrowserMonitoring;
}

function monitoringScript(monitoring: BrowserMonitoring): string {
  monitoringSrc ??= readManifest()?.assets?.browserMonitoring ?? null;
  if (!monitoringSrc) {
    throw new Error("The browser monitoring bundle is missing: run `deno task build`");
  }
  return `<script type="module" src="${monitoringSrc}" data-sentry-dsn="${
    escapeHtml(monitoring.dsn)
  }" data-sentry-release="${escapeHtml(monitoring.release)}" data-sentry-environment="${
    escapeHtml(monitoring.environment)
  }"></script>`;
}

export interface RenderConfig<Theme extends BaseTheme = BaseTheme> {
  /** Island name → component (the registry in `fresh.config.ts`). */
  islands: Record<string, ComponentType<never>>;
  twind: TwindConfig<Theme>;
}

export type DocumentRenderer = (body: VNode, options: DocumentOptions) => string;

/**
 * The page renderer for one render configuration. The registry comes in as an
 * argument so that `lib/` never imports `islands/`; routes get the configured
 * renderer from `routes/_document.ts`.
 */
export function createDocumentRenderer<Theme extends BaseTheme>(
  config: RenderConfig<Theme>,
): DocumentRenderer {
  registerIslands(config.islands);
  const tw = twind(config.twind, virtual());
  const cssCache = new Map<string, string>();
  const extractCss = (html: string) => extract(html, tw).css;
  return (body, options) => renderDocument(body, options, extractCss, cssCache);
}

function renderDocument(
  body: VNode,
  options: DocumentOptions,
  extractCss: (html: string) => string,
  cssCache: Map<string, string>,
): string {
  const bodyClass = options.bodyClass ?? "bg-slate-50 text-slate-900 antialiased";
  const { html, islands: used, collector } = renderCollectingClasses(body, bodyClass);
  const scripts = (used.length && options.monitoring ? monitoringScript(options.monitoring) : "") +
    used.map((name) => `<script type="module" src="${islandScript(name)}"></script>`).join("");
  const title = escapeHtml(options.title === "OdontoX" ? "OdontoX" : `${options.title} · OdontoX`);
  const bodyTag = `<body class="${escapeHtml(bodyClass)}">`;
  const page = bodyTag + html;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="color-scheme" content="light">` +
    `<title>${title}</title><link rel="icon" href="/static/favicon.svg" type="image/svg+xml">` +
    `<style data-twind>${
      cssFor(page, collector, extractCss, cssCache)
    }</style>${scripts}</head>${page}</body></html>`;
}
