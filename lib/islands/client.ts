/// <reference lib="dom" />
/** Browser side of islands: finds this island's markers and hydrates each with its props. */
import { type ComponentType, h, hydrate } from "preact";
import { signal } from "@preact/signals";

export function hydrateIslands(name: string, component: ComponentType<Record<string, unknown>>) {
  const markers = document.querySelectorAll<HTMLElement>(`odx-island[data-island="${name}"]`);
  for (const marker of markers) {
    const props = JSON.parse(marker.dataset.props ?? "{}") as Record<string, unknown>;
    for (const key of JSON.parse(marker.dataset.signals ?? "[]") as string[]) {
      props[key] = signal(props[key]);
    }
    hydrate(h(component, props), marker);
  }
}
