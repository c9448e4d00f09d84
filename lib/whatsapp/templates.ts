/**
 * The approved Meta templates a clinic's automated messages use: which
 * template each automation sends, in which language, and the body
 * parameters it fills in, in placeholder order. Business-initiated messages
 * must be templates; only a reply inside the 24-hour window may be free text.
 *
 * The booking confirmation and the reminder also carry the patient's
 * confirm and cancel links as parameters, and two quick-reply buttons
 * ("Confirm", "Cancel") whose payloads are the same signed tokens.
 */
import { z } from "zod";
import type { WhatsappKind } from "../db/schema.ts";

export type TemplateKind = Exclude<WhatsappKind, "reply" | "inbound">;

export interface TemplateDefinition {
  label: string;
  defaultName: string;
  /** What {{1}}, {{2}}, … receive. */
  params: readonly string[];
  /** Carries the Confirm / Cancel quick replies and links. */
  actions: boolean;
}

const APPOINTMENT_PARAMS = ["patient name", "clinic name", "date", "time", "doctor"] as const;

export const TEMPLATE_KINDS: Record<TemplateKind, TemplateDefinition> = {
  booking_confirmation: {
    label: "Booking confirmation",
    defaultName: "appointment_confirmation",
    params: [...APPOINTMENT_PARAMS, "confirm link", "cancel link"],
    actions: true,
  },
  reminder: {
    label: "Appointment reminder",
    defaultName: "appointment_reminder",
    params: [...APPOINTMENT_PARAMS, "confirm link", "cancel link"],
    actions: true,
  },
  reschedule: {
    label: "Reschedule notification",
    defaultName: "appointment_rescheduled",
    params: APPOINTMENT_PARAMS,
    actions: false,
  },
  missed_visit: {
    label: "Missed-visit follow-up",
    defaultName: "missed_appointment",
    params: APPOINTMENT_PARAMS,
    actions: false,
  },
  reopen: {
    label: "Conversation follow-up (outside the 24-hour window)",
    defaultName: "conversation_follow_up",
    params: ["patient name", "clinic name"],
    actions: false,
  },
};

export const TEMPLATE_KIND_KEYS = Object.keys(TEMPLATE_KINDS) as TemplateKind[];
export const DEFAULT_TEMPLATE_LANGUAGE = "en";

export interface TemplateChoice {
  name: string;
  language: string;
}

export type TemplateChoices = Record<TemplateKind, TemplateChoice>;

export const templateName = z.string().trim().regex(
  /^[a-z0-9_]{1,250}$/,
  "Template names are lowercase letters, digits and underscores",
);
export const templateLanguage = z.string().trim().regex(
  /^[a-z]{2,3}(_[A-Z]{2})?$/,
  "Use a language code such as en or en_US",
);

/** The clinic's stored choices with the defaults filled in; a broken entry falls back. */
export function templateChoices(stored: Record<string, unknown> | null): TemplateChoices {
  const choices = {} as TemplateChoices;
  for (const kind of TEMPLATE_KIND_KEYS) {
    const entry = (stored?.[kind] ?? {}) as Record<string, unknown>;
    const name = templateName.safeParse(entry.name);
    const language = templateLanguage.safeParse(entry.language);
    choices[kind] = {
      name: name.success ? name.data : TEMPLATE_KINDS[kind].defaultName,
      language: language.success ? language.data : DEFAULT_TEMPLATE_LANGUAGE,
    };
  }
  return choices;
}

export const QUICK_REPLY_LABELS = ["Confirm", "Cancel"] as const;

/** The settings form's flat fields (`reminder.name`, `reminder.language`, …) as choices. */
export const templateForm = z.object(
  Object.fromEntries(
    TEMPLATE_KIND_KEYS.flatMap((kind) => [[`${kind}.name`, templateName], [
      `${kind}.language`,
      templateLanguage,
    ]]),
  ) as Record<string, typeof templateName>,
).transform((values) =>
  Object.fromEntries(
    TEMPLATE_KIND_KEYS.map((kind) => [kind, {
      name: values[`${kind}.name`],
      language: values[`${kind}.language`],
    }]),
  ) as TemplateChoices
);
