/**
 * DICOM upload from a patient's Radiology tab: one `.dcm` file or a ZIP,
 * sent with XMLHttpRequest because `fetch` reports no upload progress. The
 * answer lists what was imported, what was already stored and what was
 * skipped. A study filed under another PatientID answers 409
 * `PATIENT_MISMATCH`; the member confirms and the same file goes again with
 * `?confirmMismatch=1`.
 */
import { useState } from "preact/hooks";

export interface DicomUploadProps {
  patientId: string;
}

interface ImportResult {
  imported: number;
  duplicates: number;
  skipped: { name: string; reason: string }[];
}

type Phase =
  | { step: "idle" }
  | { step: "uploading"; percent: number }
  | { step: "mismatch"; file: File; message: string }
  | { step: "done"; result: ImportResult }
  | { step: "failed"; message: string };

const S = {
  box: "margin-top:0.75rem;font-size:13px;color:#334155",
  track: "height:8px;background:#e2e8f0;border-radius:9999px;overflow:hidden;margin-top:0.35rem",
  fill: "height:100%;background:#14a897;transition:width 120ms linear",
  warn: "margin-top:0.75rem;padding:0.75rem;border-radius:0.5rem;background:#fffbeb;" +
    "border:1px solid #fcd34d;font-size:13px;color:#78350f",
  error: "margin-top:0.75rem;padding:0.75rem;border-radius:0.5rem;background:#fef2f2;" +
    "border:1px solid #fecaca;font-size:13px;color:#991b1b",
  done: "margin-top:0.75rem;padding:0.75rem;border-radius:0.5rem;background:#f0fdfa;" +
    "border:1px solid #99f6e4;font-size:13px;color:#134e4a",
  button: "border:1px solid #cbd5e1;background:#fff;color:#334155;border-radius:0.5rem;" +
    "padding:0.35rem 0.7rem;font-size:13px;font-weight:500;cursor:pointer;margin-right:0.5rem",
  primary: "border:1px solid #0b7d72;background:#0b7d72;color:#fff;border-radius:0.5rem;" +
    "padding:0.35rem 0.7rem;font-size:13px;font-weight:600;cursor:pointer;margin-right:0.5rem",
};

function contentTypeOf(file: File): string {
  if (/\.zip$/i.test(file.name) || /zip/.test(file.type)) return "application/zip";
  return "application/dicom";
}

function send(
  patientId: string,
  file: File,
  confirmMismatch: boolean,
  onProgress: (percent: number) => void,
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const query = confirmMismatch ? "?confirmMismatch=1" : "";
    xhr.open("POST", `/api/v1/patients/${patientId}/dicom${query}`);
    xhr.setRequestHeader("content-type", contentTypeOf(file));
    xhr.setRequestHeader("x-file-name", encodeURIComponent(file.name));
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onload = () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch { /* an empty or HTML answer keeps the status alone */ }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new Error("The upload was interrupted."));
    xhr.send(file);
  });
}

const sentence = (text: string) => text && !/[.!?]$/.test(text) ? `${text}.` : text;

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "Imported 12 images · 1 file skipped", leaving out what is zero. */
function importSummary(result: ImportResult): string {
  const skipped = result.skipped?.length ?? 0;
  const parts = [`Imported ${count(result.imported, "image", "images")}`];
  if (result.duplicates) parts.push(`${result.duplicates} already stored`);
  if (skipped) parts.push(`${count(skipped, "file", "files")} skipped`);
  return parts.join(" · ");
}

export default function DicomUpload({ patientId }: DicomUploadProps) {
  const [phase, setPhase] = useState<Phase>({ step: "idle" });

  const upload = async (file: File, confirmMismatch = false) => {
    setPhase({ step: "uploading", percent: 0 });
    try {
      const { status, body } = await send(
        patientId,
        file,
        confirmMismatch,
        (percent) => setPhase({ step: "uploading", percent }),
      );
      if (status === 409 && body.code === "PATIENT_MISMATCH") {
        setPhase({ step: "mismatch", file, message: String(body.error ?? "") });
      } else if (status >= 200 && status < 300) {
        setPhase({ step: "done", result: body as unknown as ImportResult });
      } else {
        setPhase({ step: "failed", message: String(body.error ?? `Upload failed (${status}).`) });
      }
    } catch (error) {
      setPhase({ step: "failed", message: (error as Error).message });
    }
  };

  return (
    <div data-dicom-upload>
      <div class="flex flex-wrap items-center gap-x-3 gap-y-1">
        <label
          class="inline-flex cursor-pointer items-center gap-2 rounded-lg bg-brand-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 focus-within:ring-4 focus-within:ring-brand-600/30"
          style={phase.step === "uploading" ? "opacity:0.6;cursor:progress" : undefined}
        >
          <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" class="h-4 w-4">
            <path d="M9.25 13.25a.75.75 0 0 0 1.5 0V4.636l2.955 3.129a.75.75 0 0 0 1.09-1.03l-4.25-4.5a.75.75 0 0 0-1.09 0l-4.25 4.5a.75.75 0 1 0 1.09 1.03L9.25 4.636v8.614Z" />
            <path d="M3.5 12.75a.75.75 0 0 0-1.5 0v2.5A2.75 2.75 0 0 0 4.75 18h10.5A2.75 2.75 0 0 0 18 15.25v-2.5a.75.75 0 0 0-1.5 0v2.5c0 .69-.56 1.25-1.25 1.25H4.75c-.69 0-1.25-.56-1.25-1.25v-2.5Z" />
          </svg>
          Upload DICOM
          <input
            type="file"
            accept=".dcm,.dicom,.zip,application/dicom,application/zip"
            class="sr-only"
            data-dicom-file
            disabled={phase.step === "uploading"}
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = "";
              if (file) void upload(file);
            }}
          />
        </label>
        <span class="text-xs text-slate-500">A .dcm file, or a ZIP of a whole study</span>
      </div>
      {phase.step === "uploading" && (
        <div style={S.box} role="status" data-upload-progress={phase.percent}>
          {phase.percent < 100 ? `Uploading… ${phase.percent}%` : "Uploaded; reading the images…"}
          <div style={S.track}>
            <div style={`${S.fill};width:${phase.percent}%`} />
          </div>
        </div>
      )}
      {phase.step === "mismatch" && (
        <div style={S.warn} role="alert" data-upload-mismatch>
          <p style="margin:0 0 0.25rem;font-weight:600">
            This study may belong to another patient
          </p>
          <p style="margin:0 0 0.6rem">
            {sentence(phase.message) ||
              "The study's PatientID does not match this patient's record number."}
          </p>
          <button
            type="button"
            style={S.primary}
            data-confirm-mismatch
            onClick={() => void upload(phase.file, true)}
          >
            File under this patient
          </button>
          <button type="button" style={S.button} onClick={() => setPhase({ step: "idle" })}>
            Cancel
          </button>
        </div>
      )}
      {phase.step === "failed" && (
        <div style={S.error} role="alert" data-upload-error>{phase.message}</div>
      )}
      {phase.step === "done" && (
        <div style={S.done} role="status" data-upload-result>
          <p style="margin:0;font-weight:600">{importSummary(phase.result)}</p>
          {phase.result.skipped?.length > 0 && (
            <ul style="margin:0.5rem 0 0;padding-left:1.1rem">
              {phase.result.skipped.slice(0, 50).map((s) => (
                <li key={s.name}>
                  <span style="font-family:ui-monospace,monospace">{s.name}</span> — {s.reason}
                </li>
              ))}
            </ul>
          )}
          {phase.result.imported > 0 && (
            <button
              type="button"
              style={`${S.primary};margin-top:0.5rem`}
              onClick={() => location.reload()}
            >
              Show the new images
            </button>
          )}
        </div>
      )}
    </div>
  );
}
