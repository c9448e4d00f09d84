/** The banner after registering or editing a patient, by the `?notice=` code redirected with. */
import { Notice } from "../ui/mod.ts";

const NOTICES: Record<string, string> = {
  created: "Patient registered.",
  updated: "Changes saved.",
};

export function PatientNotice({ code }: { code: string | undefined }) {
  const text = code ? NOTICES[code] : undefined;
  return text ? <Notice tone="success">{text}</Notice> : null;
}
