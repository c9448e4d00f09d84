/** The banner after a clinical form post, named by the `?clinical=` code it redirects with. */
import { Notice } from "../ui/mod.ts";

const NOTICES: Record<string, { tone: "success" | "error"; text: string }> = {
  note_added: { tone: "success", text: "Note saved." },
  note_edited: { tone: "success", text: "Note updated." },
  note_deleted: { tone: "success", text: "Note deleted." },
  note_invalid: {
    tone: "error",
    text: "Write the note (up to 5,000 characters) before saving it.",
  },
  charted: { tone: "success", text: "Added to the chart." },
  chart_removed: { tone: "success", text: "Removed from the chart." },
  chart_invalid: {
    tone: "error",
    text: "That could not be charted: check the tooth, surface, date and note.",
  },
};

export function ClinicalNotice({ code }: { code: string | undefined }) {
  const notice = code ? NOTICES[code] : undefined;
  return notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null;
}
