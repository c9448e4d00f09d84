/// <reference lib="dom" />
/**
 * Attaching files to a lab case: each picked file is streamed as the
 * request body with its name in `X-File-Name` (percent-encoded UTF-8), one
 * after another, with a line per file saying how it went (and, for a DICOM
 * ZIP, how many images it held). The shared lab page adds its form token.
 */
import { useState } from "preact/hooks";

export interface LabUploadProps {
  /** Where each file is POSTed. */
  action: string;
  /** The shared page's per-page form token, sent as `X-Form-Token`. */
  formToken?: string;
  accept: string;
  /** Reload when done: a page without live events (the shared lab page) shows new files so. */
  reloadAfter?: boolean;
}

interface Line {
  name: string;
  text: string;
  ok: boolean;
}

const S = {
  box: "display:flex;flex-direction:column;gap:0.5rem",
  list: "margin:0;padding:0;list-style:none;font-size:0.875rem",
  ok: "color:#065f46",
  bad: "color:#b91c1c",
};

function describe(result: {
  duplicate?: boolean;
  importReport?: { imported: number; duplicates: number; skipped: unknown[] } | null;
}): string {
  if (result.duplicate) return "already attached";
  const report = result.importReport;
  if (report) {
    return `attached; ${report.imported} DICOM image(s) filed in Radiology` +
      (report.duplicates ? `, ${report.duplicates} already there` : "") +
      (report.skipped.length ? `, ${report.skipped.length} entr(ies) skipped` : "");
  }
  return "attached";
}

export default function LabUpload({ action, formToken, accept, reloadAfter }: LabUploadProps) {
  const [lines, setLines] = useState<Line[]>([]);
  const [busy, setBusy] = useState(false);

  async function send(files: FileList) {
    setBusy(true);
    let any = false;
    for (const file of Array.from(files)) {
      const headers: Record<string, string> = { "X-File-Name": encodeURIComponent(file.name) };
      if (formToken) headers["X-Form-Token"] = formToken;
      if (file.type) headers["Content-Type"] = file.type;
      let line: Line;
      try {
        const response = await fetch(action, { method: "POST", headers, body: file });
        const body = await response.json().catch(() => ({}));
        line = response.ok
          ? { name: file.name, text: describe(body), ok: true }
          : { name: file.name, text: body.error ?? `refused (${response.status})`, ok: false };
        any ||= response.ok;
      } catch {
        line = { name: file.name, text: "the upload did not reach the server", ok: false };
      }
      setLines((list) => [...list, line]);
    }
    setBusy(false);
    // The attachment list is server-rendered; a staff page redraws it on the live event.
    if (any && reloadAfter) location.reload();
  }

  return (
    <div style={S.box} data-lab-upload>
      <input
        type="file"
        style="max-width:100%"
        multiple
        accept={accept}
        disabled={busy}
        aria-label="Attach files"
        onChange={(e) => {
          const input = e.currentTarget;
          if (input.files?.length) send(input.files).finally(() => (input.value = ""));
        }}
      />
      {busy && <p style="margin:0;font-size:0.875rem" role="status">Uploading…</p>}
      {lines.length > 0 && (
        <ul style={S.list} aria-live="polite">
          {lines.map((line, i) => (
            <li
              key={i}
              style={line.ok ? S.ok : S.bad}
              data-upload-result={line.ok ? "ok" : "error"}
            >
              {line.name}: {line.text}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
