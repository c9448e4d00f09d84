/**
 * "Test connection": sends the connection form's current values to the
 * test endpoint and shows what Meta answered (the number's verified name,
 * or Meta's message and code). Done from the browser so no page ever has to
 * carry the secrets the admin typed; nothing is saved by a test.
 */
import { useState } from "preact/hooks";

export interface WhatsappConnectionTestProps {
  /** The id of the connection form whose fields are sent. */
  formId: string;
}

type Result =
  | { state: "idle" }
  | { state: "testing" }
  | { state: "ok"; text: string }
  | { state: "failed"; text: string };

const FIELDS = ["phoneNumberId", "businessAccountId", "accessToken", "verifyToken", "appSecret"];

// twind emits CSS only for classes in the server render; the result styles are rendered there too.
const C = {
  ok: "mt-3 rounded-lg bg-brand-50 px-3 py-2 text-sm text-brand-800 ring-1 ring-brand-200",
  failed: "mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200",
  button:
    "inline-flex items-center justify-center gap-2 rounded-lg bg-white px-4 py-2 text-sm font-semibold text-slate-700 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50 disabled:opacity-50",
};

export default function WhatsappConnectionTest({ formId }: WhatsappConnectionTestProps) {
  const [result, setResult] = useState<Result>({ state: "idle" });

  async function test() {
    const form = document.getElementById(formId) as HTMLFormElement | null;
    if (!form) return;
    const data = new FormData(form);
    const body: Record<string, string> = {};
    for (const field of FIELDS) body[field] = String(data.get(field) ?? "").trim();
    setResult({ state: "testing" });
    try {
      const response = await fetch("/api/v1/whatsapp/config/test", {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const answer = await response.json();
      if (response.ok && answer.ok) {
        setResult({
          state: "ok",
          text: `Connected to ${answer.verifiedName} (${answer.displayPhoneNumber}). ` +
            "Save to keep these credentials.",
        });
      } else if (response.ok) {
        setResult({
          state: "failed",
          text: `Meta refused: ${answer.message}` + (answer.code ? ` (code ${answer.code})` : ""),
        });
      } else {
        setResult({ state: "failed", text: answer.error ?? `Test failed (${response.status})` });
      }
    } catch {
      setResult({ state: "failed", text: "Could not reach OdontoX. Check your connection." });
    }
  }

  return (
    <div>
      <button
        type="button"
        class={C.button}
        onClick={test}
        disabled={result.state === "testing"}
        data-whatsapp-test
      >
        {result.state === "testing" ? "Testing…" : "Test connection"}
      </button>
      {(result.state === "ok" || result.state === "failed") && (
        <p class={C[result.state]} role="status" data-whatsapp-test-result>{result.text}</p>
      )}
      <span hidden style="display:none" class={`${C.ok} ${C.failed}`} />
    </div>
  );
}
