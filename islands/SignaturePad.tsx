/**
 * A signature drawn on the screen with a finger, pen or mouse. The strokes become a PNG data URL
 * in the hidden field `name`, posted with the acceptance form; "Clear" starts again. Without
 * JavaScript the form still posts, unsigned.
 */
import { useEffect, useRef, useState } from "preact/hooks";

export interface SignaturePadProps {
  name: string;
  label: string;
}

export default function SignaturePad({ name, label }: SignaturePadProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [value, setValue] = useState("");
  const drawing = useRef(false);

  useEffect(() => {
    const el = canvas.current!;
    const ratio = globalThis.devicePixelRatio || 1;
    el.width = el.clientWidth * ratio;
    el.height = el.clientHeight * ratio;
    const ctx = el.getContext("2d")!;
    ctx.scale(ratio, ratio);
    ctx.lineWidth = 2.2;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.strokeStyle = "#0f172a";
  }, []);

  const point = (e: PointerEvent) => {
    const rect = canvas.current!.getBoundingClientRect();
    return [e.clientX - rect.left, e.clientY - rect.top] as const;
  };

  return (
    <div>
      <p class="text-sm font-medium text-slate-700">{label}</p>
      <canvas
        ref={canvas}
        class="mt-1.5 h-32 w-full touch-none rounded-lg bg-white ring-1 ring-slate-300"
        aria-label={label}
        data-signature-pad
        onPointerDown={(e) => {
          drawing.current = true;
          canvas.current!.setPointerCapture(e.pointerId);
          const ctx = canvas.current!.getContext("2d")!;
          const [x, y] = point(e);
          ctx.beginPath();
          ctx.moveTo(x, y);
          ctx.lineTo(x + 0.1, y + 0.1);
          ctx.stroke();
        }}
        onPointerMove={(e) => {
          if (!drawing.current) return;
          const ctx = canvas.current!.getContext("2d")!;
          const [x, y] = point(e);
          ctx.lineTo(x, y);
          ctx.stroke();
        }}
        onPointerUp={() => {
          drawing.current = false;
          setValue(canvas.current!.toDataURL("image/png"));
        }}
      />
      <div class="mt-1 flex justify-between text-xs text-slate-500">
        <span>{value ? "Signed" : "Sign inside the box"}</span>
        <button
          type="button"
          class="font-semibold text-slate-600 hover:text-slate-900"
          onClick={() => {
            const el = canvas.current!;
            el.getContext("2d")!.clearRect(0, 0, el.width, el.height);
            setValue("");
          }}
        >
          Clear
        </button>
      </div>
      <input type="hidden" name={name} value={value} />
    </div>
  );
}
