/**
 * Keeps the Today dashboard current without a reload. On a live event the
 * panels care about (a confirmation from a patient's email link, a visit
 * started at the chair, a new X-ray), and every few minutes while the tab is
 * visible, it fetches the dashboard again and swaps in its panels and its
 * stylesheet: the server draws the panels, so the browser holds no second
 * copy of how they look, and the new stylesheet carries any class the old
 * page did not use. Events are debounced, so a burst redraws once.
 *
 * Renders nothing; it must sit outside the `[data-today-panels]` container
 * it replaces.
 *
 * @example
 * ```tsx
 * <DashboardLive types={["appointment.changed"]} />
 * ```
 */
import { useEffect } from "preact/hooks";
import { subscribeLive } from "../lib/islands/live-events.ts";

export interface DashboardLiveProps {
  /** The live event types the shown panels depend on; never empty. */
  types: string[];
  /** Redraw this often anyway (the next patient, the hour's arrivals move with the clock). */
  refreshMinutes?: number;
}

const PANELS = "[data-today-panels]";
const DEBOUNCE_MS = 400;

/** A selector that finds the focused control again in the redrawn panels. */
function focusSelector(element: Element | null): string | null {
  if (!element || !element.closest(PANELS)) return null;
  const form = element.closest("form");
  if (form && element.tagName === "BUTTON") {
    return `form[action="${CSS.escape(form.getAttribute("action") ?? "")}"] button`;
  }
  const href = element.getAttribute("href");
  return href ? `a[href="${CSS.escape(href)}"]` : null;
}

async function redraw(): Promise<void> {
  const response = await fetch(location.pathname, {
    headers: { accept: "text/html" },
    credentials: "same-origin",
  });
  // A lapsed session answers with the sign-in page; the session runtime deals with that.
  if (!response.ok || new URL(response.url).pathname !== location.pathname) return;
  const next = new DOMParser().parseFromString(await response.text(), "text/html");
  const panels = next.querySelector(PANELS);
  const current = document.querySelector(PANELS);
  if (!panels || !current) return;
  const style = next.querySelector("style[data-twind]");
  const ownStyle = document.querySelector("style[data-twind]");
  // The stylesheet first, so the new panels never show unstyled.
  if (style && ownStyle) ownStyle.textContent = style.textContent;
  const refocus = focusSelector(document.activeElement);
  current.replaceWith(panels);
  if (refocus) panels.querySelector<HTMLElement>(refocus)?.focus({ preventScroll: true });
}

export default function DashboardLive({ types, refreshMinutes = 5 }: DashboardLiveProps) {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let running: Promise<void> | null = null;
    let again = false;
    let drawnAt = Date.now();

    const run = async () => {
      if (running) {
        again = true;
        return;
      }
      running = redraw().catch(() => {}).finally(() => {
        running = null;
        drawnAt = Date.now();
        if (again) {
          again = false;
          soon();
        }
      });
      await running;
    };
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
    };
    const stale = () => Date.now() - drawnAt >= refreshMinutes * 60_000;
    const tick = setInterval(() => {
      if (document.visibilityState === "visible" && stale()) run();
    }, 30_000);
    const onVisible = () => {
      if (document.visibilityState === "visible" && stale()) soon();
    };
    document.addEventListener("visibilitychange", onVisible);
    const unsubscribe = types.length ? subscribeLive(types, soon) : () => {};
    return () => {
      unsubscribe();
      clearTimeout(timer);
      clearInterval(tick);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [types.join(","), refreshMinutes]);
  return null;
}
