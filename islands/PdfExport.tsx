/**
 * "Export PDF" on a Ruby report: asks the server for the report's PDF,
 * downloads it under its name, and confirms with a toast ("PDF ready"). A
 * refusal or a failure says so in the same place. The toast exists only in
 * the browser, so it is styled inline (twind sees only the server render).
 *
 * @example
 * ```tsx
 * <PdfExport href={`/api/v1/reports/ruby/${id}/pdf`} filename="ruby-report.pdf" />
 * ```
 */
import type { CSSProperties } from "preact";
import { useState } from "preact/hooks";

export interface PdfExportProps {
  href: string;
  filename: string;
  /** The button's classes, from the server's button primitive. */
  buttonClass: string;
}

const TOAST: CSSProperties = {
  position: "fixed",
  right: "1rem",
  bottom: "1rem",
  zIndex: 50,
  padding: "0.75rem 1rem",
  borderRadius: "0.75rem",
  background: "#0f172a",
  color: "#fff",
  fontSize: "0.875rem",
  boxShadow: "0 10px 25px rgba(15,23,42,0.25)",
};

export default function PdfExport({ href, filename, buttonClass }: PdfExportProps) {
  const [state, setState] = useState<"idle" | "working">("idle");
  const [toast, setToast] = useState<string | null>(null);

  async function exportPdf() {
    setState("working");
    try {
      const response = await fetch(href, { credentials: "same-origin" });
      if (!response.ok) throw new Error(`The server answered ${response.status}.`);
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement("a");
      link.href = url;
      link.download = filename;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setToast("PDF ready");
    } catch (error) {
      setToast(`The PDF could not be made. ${(error as Error).message}`);
    } finally {
      setState("idle");
      setTimeout(() => setToast(null), 6_000);
    }
  }

  return (
    <>
      <button
        type="button"
        class={buttonClass}
        onClick={exportPdf}
        disabled={state === "working"}
        data-export-pdf
      >
        {state === "working" ? "Making PDF…" : "Export PDF"}
      </button>
      <div role="status" aria-live="polite" data-toast>
        {toast && <p style={TOAST}>{toast}</p>}
      </div>
    </>
  );
}
