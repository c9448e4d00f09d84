/**
 * The lab case form's due date follows the lab and case type as they are
 * chosen: the server sends the date every lab's turnaround gives each type
 * (counted in the clinic's working days), and this fills the due date and its
 * hint from that table, until the user types a date of their own. Without
 * JavaScript the form's "Show appointments" reload does the same.
 *
 * @example
 * ```tsx
 * <DueDateSuggestion labs={choices.labs} suggestedDue={choices.suggestedDue} />
 * ```
 */
import { useEffect } from "preact/hooks";
import type { LabCaseType } from "../lib/lab/statuses.ts";
import { formatDueDate } from "../lib/lab/due-date-label.ts";

export interface DueDateSuggestionProps {
  labs: { id: string; name: string; days: Partial<Record<LabCaseType, number>> }[];
  /** labId → case type → due date (YYYY-MM-DD). */
  suggestedDue: Record<string, Partial<Record<LabCaseType, string>>>;
}

export default function DueDateSuggestion({ labs, suggestedDue }: DueDateSuggestionProps) {
  useEffect(() => {
    const lab = document.getElementById("case-lab") as HTMLSelectElement | null;
    const type = document.getElementById("case-type") as HTMLSelectElement | null;
    const due = document.getElementById("case-due") as HTMLInputElement | null;
    const hint = document.getElementById("case-due-hint");
    if (!lab || !type || !due) return;
    // A date the user typed is theirs; only a date this filled in may be replaced.
    let filled = due.value;
    const onDueInput = () => filled = "";
    const suggest = () => {
      const chosen = labs.find((l) => l.id === lab.value);
      const caseType = type.value as LabCaseType;
      const date = chosen && caseType ? suggestedDue[chosen.id]?.[caseType] : undefined;
      if (date && (due.value === "" || due.value === filled)) {
        due.value = date;
        filled = date;
      }
      if (hint) {
        hint.textContent = chosen && date
          ? `${chosen.name} takes ${chosen.days[caseType]} working days for this: ${
            formatDueDate(date)
          }. Leave empty to use that.`
          : "Leave empty to count the lab's turnaround in working days.";
      }
    };
    due.addEventListener("input", onDueInput);
    due.dataset.suggesting = "";
    lab.addEventListener("change", suggest);
    type.addEventListener("change", suggest);
    return () => {
      due.removeEventListener("input", onDueInput);
      lab.removeEventListener("change", suggest);
      type.removeEventListener("change", suggest);
    };
  }, [labs, suggestedDue]);
  return null;
}
