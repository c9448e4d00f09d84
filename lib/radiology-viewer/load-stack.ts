/**
 * Loads the viewer's cornerstone bundle (`dicom-stack.ts`, built apart from
 * the islands by `lib/islands/dicom-decoder.ts`) by its URL, on demand.
 *
 * cornerstone's core imports vtk.js's XML reader for meshes, and with it
 * xmlbuilder2, a CommonJS package that calls `require("node:events")` and
 * `require("node:url")` while it loads. esbuild turns those into a `require`
 * looked up at run time, which a browser lacks, so the chunk would fail to
 * evaluate. The viewer never builds XML or parses host names, so while the
 * chunk evaluates a `require` answers those two modules with empty stand-ins.
 */
import type * as DicomStack from "./dicom-stack.ts";
import type { DecoderAssets } from "./dicom-stack.ts";

/** The build manifest's URLs the workstation needs. */
export interface ViewerAssets extends DecoderAssets {
  /** URL of the cornerstone bundle. */
  stack: string;
}

const STAND_INS: Record<string, unknown> = {
  "node:events": { EventEmitter: class EventEmitter {} },
  "node:url": {},
};

let loading: Promise<typeof DicomStack> | null = null;

export function loadDicomStack(url: string): Promise<typeof DicomStack> {
  loading ??= (async () => {
    const scope = globalThis as { require?: unknown };
    const own = "require" in scope;
    if (!own) {
      scope.require = (id: string) => {
        if (id in STAND_INS) return STAND_INS[id];
        throw new Error(`${id} is not available in the browser`);
      };
    }
    try {
      return await import(url) as typeof DicomStack;
    } finally {
      if (!own) delete scope.require;
    }
  })();
  return loading;
}
