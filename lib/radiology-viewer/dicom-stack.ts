/// <reference lib="dom" />
/**
 * cornerstone3d for the radiology workstation: one stack viewport with
 * window/level, pan, zoom, stack scroll (wheel) and length measurement.
 *
 * The viewer island imports this module dynamically, so cornerstone's code
 * (a chunk of its own under `deno bundle --code-splitting`) is fetched only
 * when a DICOM series is opened. The decode worker and the codecs' `.wasm`
 * are separate build outputs (see `lib/islands/dicom-decoder.ts`); their URLs
 * come from the build manifest through the island's props.
 */
import {
  Enums,
  eventTarget,
  getWebWorkerManager,
  init as initCore,
  RenderingEngine,
  type Types,
} from "@cornerstonejs/core";
import { init as initLoader } from "@cornerstonejs/dicom-image-loader";
import {
  addTool,
  annotation,
  Enums as ToolEnums,
  init as initTools,
  LengthTool,
  PanTool,
  StackScrollTool,
  ToolGroupManager,
  utilities,
  WindowLevelTool,
  ZoomTool,
} from "@cornerstonejs/tools";

export interface DecoderAssets {
  /** URL of the bundled decode worker. */
  worker: string;
  /** URL of the folder holding the codecs' `.wasm`, ending in `/`. */
  codecs: string;
}

export type StackTool = "windowLevel" | "pan" | "zoom" | "length";

export interface StackState {
  /** 0-based index of the slice on screen. */
  index: number;
  count: number;
  window: number;
  level: number;
  invert: boolean;
  /** The latest length measured, e.g. "12.30 mm"; null before any. */
  length: string | null;
}

const TOOL_NAMES: Record<StackTool, string> = {
  windowLevel: WindowLevelTool.toolName,
  pan: PanTool.toolName,
  zoom: ZoomTool.toolName,
  length: LengthTool.toolName,
};

/** How many slices either side of the one shown are loaded ahead of the user. */
const PREFETCH_RADIUS = 40;

let setUp: Promise<void> | null = null;

function setUpOnce(assets: DecoderAssets): Promise<void> {
  setUp ??= (async () => {
    await initCore();
    const workers = Math.max(1, Math.min(2, Math.floor((navigator.hardwareConcurrency ?? 2) / 2)));
    // Registered before the loader's own init, which then keeps ours: its
    // default worker URL points next to a module that was bundled away.
    getWebWorkerManager().registerWorker(
      "dicomImageLoader",
      () => new Worker(assets.worker, { type: "module" }),
      { maxWorkerInstances: workers },
    );
    initLoader({ maxWebWorkers: workers, wasmBasePath: assets.codecs });
    initTools();
    for (const tool of [WindowLevelTool, PanTool, ZoomTool, StackScrollTool, LengthTool]) {
      addTool(tool);
    }
  })();
  return setUp;
}

let viewerCount = 0;

export interface StackViewer {
  setTool(tool: StackTool): void;
  goTo(index: number): void;
  step(delta: number): void;
  toggleInvert(): void;
  reset(): void;
  destroy(): void;
}

/** Opens the series' instances (`wadouri:` URLs of the files) in `element`. */
export async function openStack(
  element: HTMLDivElement,
  contentUrls: string[],
  assets: DecoderAssets,
  onChange: (state: StackState) => void,
): Promise<StackViewer> {
  await setUpOnce(assets);
  const id = `odx-radiology-${++viewerCount}`;
  const engine = new RenderingEngine(id);
  engine.enableElement({ viewportId: id, type: Enums.ViewportType.STACK, element });
  const viewport = engine.getViewport(id) as Types.IStackViewport;

  const group = ToolGroupManager.createToolGroup(id)!;
  for (const name of Object.values(TOOL_NAMES)) group.addTool(name);
  group.addTool(StackScrollTool.toolName);
  group.addViewport(id, id);
  group.setToolActive(StackScrollTool.toolName, {
    bindings: [{ mouseButton: ToolEnums.MouseBindings.Wheel }],
  });
  // Right drag zooms and middle drag pans whatever the left button does.
  group.setToolActive(ZoomTool.toolName, {
    bindings: [{ mouseButton: ToolEnums.MouseBindings.Secondary }],
  });
  group.setToolActive(PanTool.toolName, {
    bindings: [{ mouseButton: ToolEnums.MouseBindings.Auxiliary }],
  });

  let current: StackTool = "windowLevel";
  let length: string | null = null;

  const state = (): StackState => {
    const voi = viewport.getProperties().voiRange;
    const window = voi ? voi.upper - voi.lower : 0;
    return {
      index: viewport.getCurrentImageIdIndex(),
      count: contentUrls.length,
      window: Math.round(window),
      level: voi ? Math.round((voi.upper + voi.lower) / 2) : 0,
      invert: Boolean(viewport.getProperties().invert),
      length,
    };
  };
  const report = () => onChange(state());

  const onMeasured = (event: Event) => {
    const { annotation: measured } = (event as CustomEvent).detail as {
      annotation: {
        metadata: { toolName: string };
        data: { cachedStats?: Record<string, unknown> };
      };
    };
    if (measured.metadata.toolName !== LengthTool.toolName) return;
    const stats = Object.values(measured.data.cachedStats ?? {})[0] as
      | { length?: number; unit?: string }
      | undefined;
    if (stats?.length == null) return;
    length = `${stats.length.toFixed(2)} ${stats.unit ?? "px"}`;
    report();
  };
  const annotationEvents = [
    ToolEnums.Events.ANNOTATION_COMPLETED,
    ToolEnums.Events.ANNOTATION_MODIFIED,
  ];
  for (const type of annotationEvents) eventTarget.addEventListener(type, onMeasured);
  const viewportEvents = [
    Enums.Events.STACK_NEW_IMAGE,
    Enums.Events.VOI_MODIFIED,
    Enums.Events.IMAGE_RENDERED,
  ];
  for (const type of viewportEvents) element.addEventListener(type, report);

  const setTool = (tool: StackTool) => {
    group.setToolPassive(TOOL_NAMES[current]);
    // Pan and zoom keep their own buttons when they are not the left-button tool.
    if (current === "zoom") {
      group.setToolActive(ZoomTool.toolName, {
        bindings: [{ mouseButton: ToolEnums.MouseBindings.Secondary }],
      });
    }
    if (current === "pan") {
      group.setToolActive(PanTool.toolName, {
        bindings: [{ mouseButton: ToolEnums.MouseBindings.Auxiliary }],
      });
    }
    group.setToolActive(TOOL_NAMES[tool], {
      bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }],
    });
    current = tool;
  };
  setTool("windowLevel");

  await viewport.setStack(contentUrls.map((url) => `wadouri:${new URL(url, location.href)}`), 0);
  viewport.render();
  report();

  // Key presses come faster than slices load. One slice loads at a time and
  // presses meanwhile only move `wanted`, so a run of presses loads the slice it
  // ends on next instead of queueing every slice on the way there.
  let wanted = 0;
  let loading: number | null = null;
  const loadWanted = () => {
    if (loading !== null || wanted === viewport.getCurrentImageIdIndex()) return;
    const index = loading = wanted;
    // A failed load fires no new-image event; this frees the next press all the same.
    const settled = () => {
      if (loading !== index) return;
      loading = null;
      loadWanted();
    };
    viewport.setImageIdIndex(index).then(settled, settled);
  };
  element.addEventListener(Enums.Events.STACK_NEW_IMAGE, () => {
    if (loading === null) wanted = viewport.getCurrentImageIdIndex(); // the wheel moved it
    loading = null;
    loadWanted();
  });
  const goTo = (index: number) => {
    wanted = Math.max(0, Math.min(contentUrls.length - 1, index));
    loadWanted();
  };
  // Neighbouring slices load in the background, below the slice asked for, so
  // scrolling through a series is not a request per slice.
  utilities.stackPrefetch.setConfiguration({
    maxImagesToPrefetch: PREFETCH_RADIUS,
    preserveExistingPool: true,
  });
  utilities.stackPrefetch.enable(element);
  return {
    setTool,
    goTo,
    step: (delta) => goTo(wanted + delta),
    toggleInvert() {
      viewport.setProperties({ invert: !viewport.getProperties().invert });
      viewport.render();
      report();
    },
    reset() {
      annotation.state.removeAllAnnotations();
      length = null;
      viewport.resetProperties();
      viewport.resetCamera();
      viewport.render();
      report();
    },
    destroy() {
      utilities.stackPrefetch.disable(element);
      for (const type of annotationEvents) eventTarget.removeEventListener(type, onMeasured);
      for (const type of viewportEvents) element.removeEventListener(type, report);
      ToolGroupManager.destroyToolGroup(id);
      engine.destroy();
    },
  };
}
