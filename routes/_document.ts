/**
 * The document renderer configured with this app's islands and theme. Route
 * modules render through it; `lib/view/render.ts` itself never imports
 * `islands/`.
 */
import { islands, twindConfig } from "../fresh.config.ts";
import { createDocumentRenderer } from "../lib/view/render.ts";

export const renderDocument = createDocumentRenderer({ islands, twind: twindConfig });
