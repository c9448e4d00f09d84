/// <reference lib="dom" />
/**
 * Keeps a lab view current without a reload: when `lab.case.updated` names a
 * case this page shows (every case on the dashboard, one case on its page,
 * an appointment's or a patient's cases), the page is fetched again and each
 * `[data-lab-live]` region is swapped for its new server render, with the
 * styles that render needs. Nothing polls: the live event triggers it.
 *
 * @example
 * ```tsx
 * <LabLiveRefresh scope={{ kind: "case", id: kase.id }} />
 * <div data-lab-live>…</div>
 * ```
 */
import { useEffect } from "preact/hooks";
import { subscribeLive } from "../lib/islands/live-events.ts";

export type LabLiveScope =
  | { kind: "all" }
  | { kind: "case"; id: string }
  | { kind: "appointment"; id: string }
  | { kind: "patient"; id: string };

interface LabCaseUpdated {
  caseId: string;
  appointmentId: string | null;
  patientId: string;
}

export function concerns(scope: LabLiveScope, data: LabCaseUpdated): boolean {
  switch (scope.kind) {
    case "all":
      return true;
    case "case":
      return data.caseId === scope.id;
    case "appointment":
      return data.appointmentId === scope.id;
    case "patient":
      return data.patientId === scope.id;
  }
}

async function refreshRegions() {
  const response = await fetch(location.href, { headers: { accept: "text/html" } });
  if (!response.ok) return;
  const next = new DOMParser().parseFromString(await response.text(), "text/html");
  const fresh = next.querySelectorAll("[data-lab-live]");
  document.querySelectorAll("[data-lab-live]").forEach((region, i) => {
    if (fresh[i]) region.innerHTML = fresh[i].innerHTML;
  });
  // The new render may use classes this page's stylesheet never needed.
  const style = next.querySelector("style[data-twind]");
  if (style?.textContent) {
    let mine = document.querySelector("style[data-lab-live-styles]");
    if (!mine) {
      mine = document.createElement("style");
      mine.setAttribute("data-lab-live-styles", "");
      document.head.append(mine);
    }
    mine.textContent = style.textContent;
  }
  document.dispatchEvent(new CustomEvent("lab:refreshed"));
}

export default function LabLiveRefresh({ scope }: { scope: LabLiveScope }) {
  useEffect(() => {
    let running: Promise<void> | null = null;
    let again = false;
    const refresh = () => {
      if (running) {
        again = true;
        return;
      }
      running = refreshRegions().catch(() => {}).finally(() => {
        running = null;
        if (again) {
          again = false;
          refresh();
        }
      });
    };
    return subscribeLive(["lab.case.updated"], (event) => {
      if (concerns(scope, event.data as LabCaseUpdated)) refresh();
    });
  }, [JSON.stringify(scope)]);
  return <span hidden data-lab-live-refresh />;
}
