/**
 * The workstation's AI analysis panel, beside the viewer: the month's quota
 * bar, the submit button (the AI terms dialog the first time the clinic
 * analyses), and the findings of the latest analysis. Clicking a finding
 * asks the viewer for its slice (a `radiology:goto-slice` window event); the
 * teeth findings name are marked on the chart below them. A finished
 * analysis arrives as the `dicom.analysis.completed` live event, so the
 * panel updates without a reload. The disclaimer line is always shown.
 */
import { useEffect, useState } from "preact/hooks";
import { subscribeLive } from "../lib/islands/live-events.ts";
import type { AnalysisPanelData, UsageView } from "../lib/dicom/analysis/panel.ts";
import type { AnalysisView } from "../lib/dicom/analysis/listing.ts";
import type { Finding } from "../lib/ai/findings.ts";
import { GOTO_SLICE_EVENT, type GotoSliceDetail } from "../lib/radiology-viewer/goto-slice.ts";

export type DicomAnalysisPanelProps = AnalysisPanelData;

const SEVERITY: Record<Finding["severity"], { label: string; style: string }> = {
  info: { label: "Info", style: "background:#f1f5f9;color:#334155" },
  low: { label: "Low", style: "background:#ecfeff;color:#155e75" },
  moderate: { label: "Moderate", style: "background:#fffbeb;color:#92400e" },
  high: { label: "High", style: "background:#fef2f2;color:#991b1b" },
};

const S = {
  panel: "display:flex;flex-direction:column;gap:0.75rem;font-size:13px;color:#334155",
  heading: "margin:0;font-size:14px;font-weight:600;color:#0f172a",
  label: "margin:0.1rem 0 0;font-size:12px;color:#64748b",
  track: "height:8px;border-radius:9999px;background:#e2e8f0;overflow:hidden;margin-top:0.3rem",
  primary: "border:1px solid #0b7d72;background:#0b7d72;color:#fff;border-radius:0.5rem;" +
    "padding:0.45rem 0.8rem;font-size:13px;font-weight:600;cursor:pointer;width:100%;max-width:20rem",
  disabled: "border:1px solid #cbd5e1;background:#f1f5f9;color:#64748b;border-radius:0.5rem;" +
    "padding:0.45rem 0.8rem;font-size:13px;font-weight:600;cursor:not-allowed;width:100%;max-width:20rem",
  secondary: "border:1px solid #cbd5e1;background:#fff;color:#334155;border-radius:0.5rem;" +
    "padding:0.4rem 0.75rem;font-size:13px;font-weight:500;cursor:pointer",
  finding: "display:block;width:100%;text-align:left;border:1px solid #e2e8f0;background:#fff;" +
    "border-radius:0.6rem;padding:0.6rem 0.7rem;cursor:pointer;font:inherit;color:inherit",
  badge: "display:inline-block;border-radius:0.375rem;padding:0.05rem 0.4rem;font-size:11px;" +
    "font-weight:600",
  reason: "margin:0.35rem 0 0;font-size:12px;color:#b91c1c",
  error: "margin:0;padding:0.6rem;border-radius:0.5rem;background:#fef2f2;color:#991b1b",
  disclaimer: "margin:0;padding-top:0.5rem;border-top:1px solid #e2e8f0;font-size:12px;" +
    "color:#64748b",
  dialog: "position:fixed;inset:0;z-index:50;display:grid;place-items:center;" +
    "background:rgba(15,23,42,0.5);padding:1rem",
  sheet: "background:#fff;border-radius:0.75rem;max-width:32rem;width:100%;padding:1.25rem;" +
    "box-shadow:0 20px 40px rgba(15,23,42,0.3);max-height:90vh;overflow:auto",
};

function barColour(usage: UsageView) {
  if (usage.used >= usage.limit) return "#dc2626";
  return usage.used >= usage.limit * 0.8 ? "#f59e0b" : "#0b7d72";
}

function QuotaBar({ usage }: { usage: UsageView }) {
  const percent = usage.limit ? Math.min(100, Math.round((usage.used / usage.limit) * 100)) : 100;
  return (
    <div data-quota={`${usage.used}/${usage.limit}`}>
      <p style="margin:0;font-size:12px;color:#475569" data-quota-text>
        {usage.used} of {usage.limit} this month · resets {usage.resetsOn}
      </p>
      <div
        style={S.track}
        role="progressbar"
        aria-label="Analyses used this month"
        aria-valuemin={0}
        aria-valuemax={usage.limit}
        aria-valuenow={usage.used}
      >
        <div
          style={`height:100%;width:${percent}%;background:${
            barColour(usage)
          };border-radius:9999px`}
          data-quota-fill={usage.used >= usage.limit
            ? "red"
            : usage.used >= usage.limit * 0.8
            ? "amber"
            : "ok"}
        />
      </div>
    </div>
  );
}

const UPPER = [18, 17, 16, 15, 14, 13, 12, 11, 21, 22, 23, 24, 25, 26, 27, 28];
const LOWER = [48, 47, 46, 45, 44, 43, 42, 41, 31, 32, 33, 34, 35, 36, 37, 38];

/** The permanent dentition with the teeth the findings name marked. */
function TeethChart({ marked }: { marked: ReadonlySet<number> }) {
  const row = (teeth: number[]) => (
    <div style="display:grid;grid-template-columns:repeat(16,1fr);gap:2px">
      {teeth.map((tooth) => (
        <span
          key={tooth}
          data-chart-tooth={tooth}
          data-marked={marked.has(tooth) ? "true" : undefined}
          style={`text-align:center;font:600 10px/1.9 ui-monospace,monospace;border-radius:4px;${
            marked.has(tooth) ? "background:#f59e0b;color:#fff" : "background:#f1f5f9;color:#94a3b8"
          }`}
        >
          {tooth}
        </span>
      ))}
    </div>
  );
  return (
    <div
      aria-label="Teeth named in the findings"
      role="img"
      style="display:grid;gap:2px;max-width:26rem"
    >
      {row(UPPER)}
      {row(LOWER)}
    </div>
  );
}

function gotoSlice(instanceNumber: number) {
  globalThis.dispatchEvent(
    new CustomEvent<GotoSliceDetail>(GOTO_SLICE_EVENT, { detail: { instanceNumber } }),
  );
}

function FindingItem({ finding }: { finding: Finding }) {
  const severity = SEVERITY[finding.severity];
  const first = finding.slices[0];
  const body = (
    <>
      <span style="display:flex;align-items:center;gap:0.4rem;justify-content:space-between">
        <strong style="font-size:13px;color:#0f172a">{finding.title}</strong>
        <span style={`${S.badge};${severity.style}`}>{severity.label}</span>
      </span>
      <span style="display:block;margin-top:0.25rem;color:#475569">{finding.detail}</span>
      {(finding.slices.length > 0 || finding.teeth?.length) && (
        <span style="display:block;margin-top:0.3rem;font-size:12px;color:#0f6c64">
          {finding.slices.length > 0 &&
            `Slice${finding.slices.length > 1 ? "s" : ""} ${finding.slices.slice(0, 8).join(", ")}${
              finding.slices.length > 8 ? ", …" : ""
            }`}
          {finding.teeth?.length ? ` · Teeth ${finding.teeth.join(", ")}` : ""}
        </span>
      )}
    </>
  );
  return first === undefined
    ? <div style={`${S.finding};cursor:default`} data-finding={finding.title}>{body}</div>
    : (
      <button
        type="button"
        style={S.finding}
        data-finding={finding.title}
        data-finding-slice={first}
        onClick={() => gotoSlice(first)}
        title={`Show slice ${first}`}
      >
        {body}
      </button>
    );
}

function Result({ analysis }: { analysis: AnalysisView }) {
  if (analysis.status === "queued" || analysis.status === "running") {
    return (
      <p role="status" style="margin:0;color:#475569" data-analysis-status={analysis.status}>
        Analysing… the findings appear here when they are ready.
      </p>
    );
  }
  if (analysis.status === "failed") {
    return (
      <p role="alert" style={S.error} data-analysis-status="failed">
        The analysis failed: {analysis.error} It was not counted against this month's quota.
      </p>
    );
  }
  const result = analysis.result!;
  return (
    <div style="display:flex;flex-direction:column;gap:0.5rem" data-analysis-status="completed">
      <p style="margin:0;color:#334155" data-analysis-summary>{result.summary}</p>
      {result.findings.length > 0 && (
        <ul
          style="list-style:none;margin:0;padding:0;display:grid;gap:0.4rem;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr))"
          data-findings
        >
          {result.findings.map((finding, i) => (
            <li key={i}>
              <FindingItem finding={finding} />
            </li>
          ))}
        </ul>
      )}
      <p style="margin:0;font-size:11px;color:#94a3b8">
        {result.slicesReviewed.length} slices reviewed · {(result.durationMs / 1000).toFixed(1)} s ·
        {" "}
        {result.model}
      </p>
    </div>
  );
}

async function readError(response: Response) {
  const body = await response.json().catch(() => null);
  return body as { error?: string; code?: string; limit?: number; used?: number } | null;
}

export default function DicomAnalysisPanel(props: DicomAnalysisPanelProps) {
  const { subject, may, provider } = props;
  const [analyses, setAnalyses] = useState<AnalysisView[]>(props.analyses);
  const [usage, setUsage] = useState<UsageView | null>(props.usage);
  const [termsAccepted, setTermsAccepted] = useState(props.terms.accepted);
  const [showTerms, setShowTerms] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const subjectId = "seriesId" in subject ? subject.seriesId : subject.captureId;

  useEffect(() =>
    subscribeLive(["dicom.analysis.completed"], async (event) => {
      const data = event.data as {
        analysisId: string;
        seriesId: string | null;
        captureId: string | null;
      };
      if (data.seriesId !== subjectId && data.captureId !== subjectId) return;
      const response = await fetch(`/api/v1/dicom-ai/analyses/${data.analysisId}`, {
        credentials: "same-origin",
      });
      if (!response.ok) return;
      const { analysis } = await response.json() as { analysis: AnalysisView };
      setAnalyses((list) => [analysis, ...list.filter((a) => a.id !== analysis.id)]);
      if (analysis.status === "failed" && usage) {
        // The failed analysis gave its unit back.
        setUsage((u) => u && { ...u, used: Math.max(0, u.used - 1) });
      }
    }), [subjectId]);

  const atLimit = usage !== null && usage.used >= usage.limit;
  const pending = analyses.some((a) => a.status === "queued" || a.status === "running");

  const submit = async (termsJustAccepted = false) => {
    setProblem(null);
    if (!termsAccepted && !termsJustAccepted) {
      setShowTerms(true);
      return;
    }
    setBusy(true);
    try {
      const response = await fetch("/api/v1/dicom-ai/analyses", {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(subject),
      });
      if (response.ok) {
        const body = await response.json() as {
          analysis: { id: string; status: "queued" | "running" };
          usage: UsageView;
        };
        setUsage(body.usage);
        // A second submission of a waiting subject returns the analysis the list already shows.
        setAnalyses((list) =>
          list.some((a) => a.id === body.analysis.id) ? list : [{
            id: body.analysis.id,
            status: body.analysis.status,
            provider,
            seriesId: "seriesId" in subject ? subject.seriesId : null,
            captureId: "captureId" in subject ? subject.captureId : null,
            requestedBy: null,
            createdAt: new Date().toISOString(),
            finishedAt: null,
            result: null,
            error: null,
          }, ...list]
        );
        return;
      }
      const error = await readError(response);
      if (error?.code === "AI_TERMS_NOT_ACCEPTED") {
        setTermsAccepted(false);
        setShowTerms(true);
      } else if (error?.code === "QUOTA_EXCEEDED" && usage) {
        setUsage({ ...usage, used: error.used ?? usage.used, limit: error.limit ?? usage.limit });
      } else {
        setProblem(error?.error ?? `The analysis could not be started (${response.status}).`);
      }
    } catch {
      setProblem("The server could not be reached; try again.");
    } finally {
      setBusy(false);
    }
  };

  const accept = async () => {
    const response = await fetch("/api/v1/dicom-ai/terms", {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ version: props.terms.version }),
    }).catch(() => null);
    setShowTerms(false);
    if (!response?.ok) {
      const error = response ? await readError(response) : null;
      setProblem(error?.error ?? "The terms could not be saved.");
      return;
    }
    setTermsAccepted(true);
    // Accepting goes straight on to the analysis the member asked for.
    await submit(true);
  };

  const latest = analyses[0];
  const marked = new Set(
    latest?.status === "completed" ? latest.result!.findings.flatMap((f) => f.teeth ?? []) : [],
  );
  const reason = atLimit
    ? `This month's ${usage!.limit} analyses are used; the quota resets on ${usage!.resetsOn}.`
    : null;

  return (
    <section style={S.panel} aria-label="AI analysis" data-analysis-panel>
      <div>
        <h3 style={S.heading}>AI analysis</h3>
        {provider === "local" && (
          <p style={S.label} data-provider-label>Image quality review — not a diagnosis</p>
        )}
      </div>
      {usage && <QuotaBar usage={usage} />}
      {may.analyze && (
        <div>
          <button
            type="button"
            style={atLimit || busy || pending ? S.disabled : S.primary}
            disabled={atLimit || busy || pending}
            onClick={() => submit()}
            data-analyze
          >
            {pending ? "Analysis running…" : latest ? "Analyse again" : "Analyse series"}
          </button>
          {reason && <p style={S.reason} data-quota-reason>{reason}</p>}
        </div>
      )}
      {problem && <p role="alert" style={S.error}>{problem}</p>}
      {latest ? <Result analysis={latest} /> : (
        <p style="margin:0;color:#64748b">
          {may.analyze
            ? "No analysis of this series yet."
            : "No analysis of this series yet. Doctors with AI analysis can start one."}
        </p>
      )}
      {marked.size > 0 && <TeethChart marked={marked} />}
      <p style={S.disclaimer} data-ai-disclaimer>
        AI findings support, never replace, the dentist's own reading of the images.
      </p>
      {showTerms && (
        <div style={S.dialog} role="dialog" aria-modal="true" aria-labelledby="ai-terms-title">
          <div style={S.sheet} data-terms-dialog>
            <h2 id="ai-terms-title" style="margin:0 0 0.25rem;font-size:16px;color:#0f172a">
              {props.terms.title}
            </h2>
            <p style="margin:0 0 0.75rem;font-size:12px;color:#64748b">
              Version {props.terms.version} · accepted once for the whole clinic
            </p>
            {props.terms.paragraphs.map((text, i) => (
              <p key={i} style="margin:0 0 0.6rem;font-size:13px;color:#334155">{text}</p>
            ))}
            <div style="display:flex;gap:0.5rem;justify-content:flex-end;margin-top:1rem">
              <button
                type="button"
                style={S.secondary}
                onClick={() =>
                  setShowTerms(false)}
              >
                Not now
              </button>
              {may.acceptTerms
                ? (
                  <button
                    type="button"
                    style={`${S.primary};width:auto`}
                    onClick={accept}
                    data-accept-terms
                  >
                    Accept and analyse
                  </button>
                )
                : (
                  <p style="margin:0;align-self:center;font-size:12px;color:#92400e">
                    A clinic admin must accept these terms first.
                  </p>
                )}
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
