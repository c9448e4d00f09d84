/**
 * The radiology workstation: the image picked on a patient's Radiology tab.
 *
 * A DICOM series opens in cornerstone3d (stack scroll by wheel, slider or
 * arrow keys; window/level, pan, zoom, invert, reset, length in mm from the
 * pixel spacing). cornerstone is imported only when a series is shown, so it
 * is a chunk of its own that no other page loads. Plain captures (PNG, JPEG,
 * BMP natively; TIFF through a small baseline decoder) show in an <img> with
 * brightness and contrast as CSS filters and zoom/pan as a transform: the
 * browser decodes them already, and cornerstone's loader has no PNG/BMP/TIFF
 * path. The download link is server-rendered beside this island, so it works
 * before (and without) the viewer.
 *
 * Teeth are tagged in FDI numbers with the capture or study PATCH endpoint,
 * offered only with `radiology.tags.edit` (`canTag`).
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { loadDicomStack, type ViewerAssets } from "../lib/radiology-viewer/load-stack.ts";
import type { StackState, StackTool, StackViewer } from "../lib/radiology-viewer/dicom-stack.ts";
import { GOTO_SLICE_EVENT, type GotoSliceDetail } from "../lib/radiology-viewer/goto-slice.ts";

export type ViewerTarget =
  | {
    kind: "capture";
    id: string;
    contentUrl: string;
    contentType: string;
    teeth: number[];
  }
  | {
    kind: "series";
    id: string;
    /** The study the series belongs to: tooth tags are kept per study. */
    studyId: string;
    teeth: number[];
  };

export interface RadiologyViewerProps {
  target: ViewerTarget;
  assets: ViewerAssets;
  canTag: boolean;
}

const FDI = /^(?:[1-4][1-8]|[5-8][1-5])$/;

// Everything below exists only after hydration (or changes with state), so it
// is styled inline: twind emits CSS only for classes in the server render.
const S = {
  stage: "position:relative;height:min(68vh,640px);min-height:320px;background:#020617;" +
    "border-radius:0.75rem;overflow:hidden;touch-action:none;user-select:none",
  overlay: "position:absolute;left:0.75rem;top:0.6rem;color:#e2e8f0;font:12px/1.5 ui-monospace," +
    "SFMono-Regular,Menlo,monospace;text-shadow:0 1px 2px #000;pointer-events:none;z-index:2",
  message: "position:absolute;inset:0;display:grid;place-items:center;color:#cbd5e1;" +
    "font-size:14px;padding:1rem;text-align:center",
  bar: "display:flex;flex-wrap:wrap;align-items:center;gap:0.375rem;margin-bottom:0.75rem",
  button: "border:1px solid #cbd5e1;background:#fff;color:#334155;border-radius:0.5rem;" +
    "padding:0.35rem 0.7rem;font-size:13px;font-weight:500;cursor:pointer",
  active: "border:1px solid #0b7d72;background:#effcf9;color:#0f6c64;border-radius:0.5rem;" +
    "padding:0.35rem 0.7rem;font-size:13px;font-weight:600;cursor:pointer",
  slider:
    "display:flex;align-items:center;gap:0.75rem;margin-top:0.75rem;font-size:13px;color:#475569",
  range: "display:flex;align-items:center;gap:0.5rem;font-size:13px;color:#475569",
  // Inline styles have no :focus-visible, so the stage draws its own ring while focused.
  focusRing: "outline:3px solid #14a897;outline-offset:2px",
  error: "color:#b91c1c;font-size:13px",
  ok: "color:#0f6c64;font-size:13px",
};

function ToolButton(
  { label, active, onClick, name }: {
    label: string;
    active?: boolean;
    onClick: () => void;
    name: string;
  },
) {
  return (
    <button
      type="button"
      style={active ? S.active : S.button}
      aria-pressed={active === undefined ? undefined : active}
      data-tool={name}
      onClick={onClick}
    >
      {label}
    </button>
  );
}

/** The content URLs of a series' instances and their instance numbers, in instance order. */
async function seriesUrls(
  seriesId: string,
): Promise<{ urls: string[]; numbers: (number | null)[] }> {
  const response = await fetch(`/api/v1/dicom/series/${seriesId}/instances`, {
    credentials: "same-origin",
  });
  if (!response.ok) throw new Error(`The series could not be listed (${response.status}).`);
  const { instances } = await response.json() as {
    instances: { contentUrl: string; instanceNumber: number | null }[];
  };
  if (instances.length === 0) throw new Error("This series holds no images.");
  return {
    urls: instances.map((i) => i.contentUrl),
    numbers: instances.map((i) => i.instanceNumber),
  };
}

/** A series by id, or one DICOM file the bridge filed as a capture. */
function DicomStack(
  { seriesId, fileUrl, assets }: { seriesId?: string; fileUrl?: string; assets: ViewerAssets },
) {
  const stage = useRef<HTMLDivElement>(null);
  const viewer = useRef<StackViewer | null>(null);
  const [state, setState] = useState<StackState | null>(null);
  const [tool, setTool] = useState<StackTool>("windowLevel");
  const [error, setError] = useState<string | null>(null);
  const [focused, setFocused] = useState(false);
  /** Instance numbers in stack order, to find the slice a finding names. */
  const numbers = useRef<(number | null)[]>([]);

  useEffect(() => {
    const onGoto = (event: Event) => {
      const { instanceNumber } = (event as CustomEvent<GotoSliceDetail>).detail;
      const index = numbers.current.indexOf(instanceNumber);
      viewer.current?.goTo(index >= 0 ? index : instanceNumber - 1);
      stage.current?.parentElement?.scrollIntoView({ block: "nearest", behavior: "smooth" });
    };
    globalThis.addEventListener(GOTO_SLICE_EVENT, onGoto);
    return () => globalThis.removeEventListener(GOTO_SLICE_EVENT, onGoto);
  }, []);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const listed = seriesId ? await seriesUrls(seriesId) : { urls: [fileUrl!], numbers: [] };
      numbers.current = listed.numbers;
      const urls = listed.urls;
      const { openStack } = await loadDicomStack(assets.stack);
      if (cancelled || !stage.current) return;
      viewer.current = await openStack(
        stage.current,
        urls,
        assets,
        (next) => !cancelled && setState(next),
      );
    })().catch((e: Error) => !cancelled && setError(e.message || "The viewer failed to load."));
    return () => {
      cancelled = true;
      viewer.current?.destroy();
      viewer.current = null;
    };
  }, [seriesId, fileUrl]);

  const pick = (next: StackTool) => {
    viewer.current?.setTool(next);
    setTool(next);
  };
  const onKey = (event: KeyboardEvent) => {
    const steps: Record<string, number> = {
      ArrowUp: -1,
      ArrowLeft: -1,
      PageUp: -10,
      ArrowDown: 1,
      ArrowRight: 1,
      PageDown: 10,
    };
    if (event.key in steps) {
      event.preventDefault();
      viewer.current?.step(steps[event.key]);
    }
  };

  return (
    <div>
      <div style={S.bar} role="toolbar" aria-label="Viewer tools">
        <ToolButton
          name="windowLevel"
          label="Window/level"
          active={tool === "windowLevel"}
          onClick={() => pick("windowLevel")}
        />
        <ToolButton name="pan" label="Pan" active={tool === "pan"} onClick={() => pick("pan")} />
        <ToolButton
          name="zoom"
          label="Zoom"
          active={tool === "zoom"}
          onClick={() => pick("zoom")}
        />
        <ToolButton
          name="length"
          label="Measure"
          active={tool === "length"}
          onClick={() => pick("length")}
        />
        <ToolButton
          name="invert"
          label="Invert"
          active={state?.invert ?? false}
          onClick={() => viewer.current?.toggleInvert()}
        />
        <ToolButton name="reset" label="Reset" onClick={() => viewer.current?.reset()} />
      </div>
      <div
        style={focused ? `${S.stage};${S.focusRing}` : S.stage}
        tabIndex={0}
        aria-label="DICOM image; arrow keys change the slice"
        onKeyDown={onKey}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
        data-viewer-stage
      >
        <div
          ref={stage}
          style="position:absolute;inset:0"
          onContextMenu={(e) => e.preventDefault()}
        />
        {state && (
          <div style={S.overlay} data-viewer-overlay>
            <div data-slice={`${state.index + 1}/${state.count}`}>
              Slice {state.index + 1}/{state.count}
            </div>
            <div data-wl={`${state.window}/${state.level}`}>
              W {state.window} · L {state.level}
            </div>
            {state.length && <div data-length={state.length}>Length {state.length}</div>}
          </div>
        )}
        {!state && <div style={S.message} role="status">{error ?? "Loading the viewer…"}</div>}
      </div>
      {state && state.count > 1 && (
        <label style={S.slider}>
          <span>Slice</span>
          <input
            type="range"
            min={1}
            max={state.count}
            value={state.index + 1}
            style="flex:1;accent-color:#0b7d72"
            aria-label="Slice"
            data-slice-slider
            onInput={(e) => viewer.current?.goTo(Number(e.currentTarget.value) - 1)}
          />
          <span style="min-width:4rem;text-align:right">{state.index + 1} / {state.count}</span>
        </label>
      )}
    </div>
  );
}

/** A TIFF becomes a blob URL of a PNG; everything else the <img> decodes itself. */
async function displayableUrl(contentUrl: string, contentType: string): Promise<string> {
  if (contentType !== "image/tiff") return contentUrl;
  const response = await fetch(contentUrl, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`The image could not be loaded (${response.status}).`);
  const { decodeTiff } = await import("../lib/radiology-viewer/tiff.ts");
  const image = decodeTiff(await response.arrayBuffer());
  const canvas = document.createElement("canvas");
  canvas.width = image.width;
  canvas.height = image.height;
  canvas.getContext("2d")!.putImageData(
    new ImageData(image.rgba as Uint8ClampedArray<ArrayBuffer>, image.width, image.height),
    0,
    0,
  );
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
  if (!blob) throw new Error("The TIFF could not be converted for display.");
  return URL.createObjectURL(blob);
}

function PlainImage({ contentUrl, contentType }: { contentUrl: string; contentType: string }) {
  const [src, setSrc] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [brightness, setBrightness] = useState(100);
  const [contrast, setContrast] = useState(100);
  const [invert, setInvert] = useState(false);
  const [view, setView] = useState({ zoom: 1, x: 0, y: 0 });
  const drag = useRef<{ x: number; y: number } | null>(null);

  useEffect(() => {
    let url: string | null = null;
    displayableUrl(contentUrl, contentType)
      .then((u) => setSrc(url = u))
      .catch((e: Error) => setError(e.message));
    return () => {
      if (url?.startsWith("blob:")) URL.revokeObjectURL(url);
    };
  }, [contentUrl]);

  const zoomBy = (factor: number) =>
    setView((v) => ({ ...v, zoom: Math.max(0.25, Math.min(10, v.zoom * factor)) }));
  const reset = () => {
    setBrightness(100);
    setContrast(100);
    setInvert(false);
    setView({ zoom: 1, x: 0, y: 0 });
  };

  return (
    <div>
      <div style={S.bar} role="toolbar" aria-label="Viewer tools">
        <label style={S.range}>
          Brightness
          <input
            type="range"
            min={20}
            max={300}
            value={brightness}
            data-brightness
            style="accent-color:#0b7d72"
            onInput={(e) => setBrightness(Number(e.currentTarget.value))}
          />
        </label>
        <label style={S.range}>
          Contrast
          <input
            type="range"
            min={20}
            max={300}
            value={contrast}
            data-contrast
            style="accent-color:#0b7d72"
            onInput={(e) => setContrast(Number(e.currentTarget.value))}
          />
        </label>
        <ToolButton name="zoomIn" label="Zoom in" onClick={() => zoomBy(1.25)} />
        <ToolButton name="zoomOut" label="Zoom out" onClick={() => zoomBy(0.8)} />
        <ToolButton
          name="invert"
          label="Invert"
          active={invert}
          onClick={() => setInvert(!invert)}
        />
        <ToolButton name="reset" label="Reset" onClick={reset} />
      </div>
      <div
        style={`${S.stage};cursor:${drag.current ? "grabbing" : "grab"}`}
        data-viewer-stage
        onWheel={(e) => {
          e.preventDefault();
          zoomBy(e.deltaY < 0 ? 1.1 : 1 / 1.1);
        }}
        onPointerDown={(e) => {
          drag.current = { x: e.clientX, y: e.clientY };
          e.currentTarget.setPointerCapture(e.pointerId);
        }}
        onPointerMove={(e) => {
          if (!drag.current) return;
          const dx = e.clientX - drag.current.x;
          const dy = e.clientY - drag.current.y;
          drag.current = { x: e.clientX, y: e.clientY };
          setView((v) => ({ ...v, x: v.x + dx, y: v.y + dy }));
        }}
        onPointerUp={() => (drag.current = null)}
      >
        {src && (
          <img
            src={src}
            alt="X-ray"
            draggable={false}
            data-plain-image
            style={`position:absolute;inset:0;width:100%;height:100%;object-fit:contain;` +
              `transform:translate(${view.x}px,${view.y}px) scale(${view.zoom});` +
              `filter:brightness(${brightness}%) contrast(${contrast}%)${
                invert ? " invert(1)" : ""
              }`}
            onError={() => setError("This image format cannot be shown here; download it instead.")}
          />
        )}
        <div style={S.overlay}>Zoom {Math.round(view.zoom * 100)}%</div>
        {(!src || error) && (
          <div style={S.message} role="status">{error ?? "Loading the image…"}</div>
        )}
      </div>
    </div>
  );
}

function TeethEditor({ target }: { target: ViewerTarget }) {
  const [text, setText] = useState(target.teeth.join(", "));
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const save = async (event: Event) => {
    event.preventDefault();
    const parts = text.split(/[\s,;]+/).filter(Boolean);
    const wrong = parts.filter((p) => !FDI.test(p));
    if (wrong.length) {
      setStatus({ ok: false, text: `Not an FDI tooth: ${wrong.join(", ")}` });
      return;
    }
    const teeth = [...new Set(parts.map(Number))].sort((a, b) => a - b);
    const url = target.kind === "capture"
      ? `/api/v1/captures/${target.id}`
      : `/api/v1/dicom/studies/${target.studyId}`;
    const response = await fetch(url, {
      method: "PATCH",
      credentials: "same-origin",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ teeth }),
    }).catch(() => null);
    if (!response?.ok) {
      const body = await response?.json().catch(() => null);
      setStatus({ ok: false, text: body?.error ?? "The teeth could not be saved." });
      return;
    }
    setText(teeth.join(", "));
    setStatus({ ok: true, text: teeth.length ? "Teeth saved." : "Tags removed." });
  };
  return (
    <form
      onSubmit={save}
      style="display:flex;flex-wrap:wrap;align-items:center;gap:0.5rem;margin-top:0.75rem"
    >
      <label for="radiology-teeth" style="font-size:13px;font-weight:500;color:#334155">
        Teeth (FDI)
      </label>
      <input
        id="radiology-teeth"
        value={text}
        placeholder="e.g. 36, 37"
        onInput={(e) => setText(e.currentTarget.value)}
        style="border:1px solid #cbd5e1;border-radius:0.5rem;padding:0.35rem 0.6rem;font-size:13px;width:10rem"
        data-teeth-input
      />
      <button type="submit" style={S.button} data-teeth-save>Save teeth</button>
      {status && <span style={status.ok ? S.ok : S.error} role="status">{status.text}</span>}
    </form>
  );
}

export default function RadiologyViewer({ target, assets, canTag }: RadiologyViewerProps) {
  const isDicomCapture = target.kind === "capture" && target.contentType === "application/dicom";
  return (
    <div data-radiology-viewer={target.kind}>
      {target.kind === "series"
        ? <DicomStack seriesId={target.id} assets={assets} />
        : isDicomCapture
        ? <DicomStack fileUrl={target.contentUrl} assets={assets} />
        : <PlainImage contentUrl={target.contentUrl} contentType={target.contentType} />}
      {canTag && <TeethEditor target={target} />}
    </div>
  );
}
