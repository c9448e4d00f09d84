/** How each settings section reads on its page: groups of fields with their labels and hints. */
import type { SectionKey } from "../../lib/settings/sections.ts";

export type SectionField =
  & { key: string; label: string; hint: string; module?: string }
  & (
    | { kind: "number"; min: number; max: number; suffix: string }
    | { kind: "checkbox" }
    | { kind: "textarea"; maxLength: number }
    | { kind: "color" }
  );

export interface SectionPageSpec {
  title: string;
  description: string;
  groups: { title: string; fields: SectionField[] }[];
}

export const SECTION_PAGES: Record<SectionKey, SectionPageSpec> = {
  lab: {
    title: "Lab settings",
    description: "How new lab cases are prepared and what the lab receives with them.",
    groups: [{
      title: "Lab cases",
      fields: [
        {
          key: "defaultTurnaroundDays",
          kind: "number",
          min: 1,
          max: 60,
          suffix: "days",
          label: "Default turnaround",
          hint: "The due date suggested for a new case, counted from the day it is sent (1–60).",
        },
        {
          key: "requireShadeOnCrowns",
          kind: "checkbox",
          label: "Require a shade on crowns",
          hint: "A crown case cannot be sent to the lab until a shade is recorded.",
        },
        {
          key: "labInstructionsFooter",
          kind: "textarea",
          maxLength: 500,
          label: "Lab instructions footer",
          hint: "Printed at the bottom of every lab instruction sheet (up to 500 characters).",
        },
      ],
    }],
  },
  notifications: {
    title: "Notification preferences",
    description: "Which events the clinic is told about, and how.",
    groups: [
      {
        title: "Appointments",
        fields: [
          {
            key: "appointmentBookedEmail",
            kind: "checkbox",
            label: "Email the patient when an appointment is booked",
            hint:
              "Patients with an email address on file get the time, and a new email if it moves.",
          },
          {
            key: "reminderLeadHours",
            kind: "number",
            min: 1,
            max: 168,
            suffix: "hours before",
            label: "Appointment reminder",
            hint: "When patients with an email address are reminded of their visit (1–168 hours).",
          },
          {
            key: "appointmentCancelledInApp",
            kind: "checkbox",
            label: "In-app alert when an appointment is cancelled",
            hint: "Shown to staff on duty, including cancellations from the patient's email link.",
          },
        ],
      },
      {
        title: "Lab",
        fields: [{
          key: "labCaseUpdatesInApp",
          kind: "checkbox",
          module: "lab",
          label: "In-app alert when a lab updates a case",
          hint: "Status changes and files the lab adds through its shared link.",
        }],
      },
      {
        title: "Inventory",
        fields: [
          {
            key: "endOfDayEmail",
            kind: "checkbox",
            module: "inventory",
            label: "End-of-day summary email",
            hint: "Sent to the clinic owner at 4:00 PM: items used today and low-stock alerts.",
          },
          {
            key: "lowStockEmail",
            kind: "checkbox",
            module: "inventory",
            label: "Low-stock alert email",
            hint: "Sent once when an item falls below its reorder threshold.",
          },
        ],
      },
    ],
  },
  chart: {
    title: "Chart colours",
    description:
      "How the dental chart draws findings. The defaults follow the common convention; change " +
      "them to match the paper charts your dentists know.",
    groups: [{
      title: "Odontogram",
      fields: [
        {
          key: "conditionColor",
          kind: "color",
          label: "Conditions",
          hint: "Caries, fractures and other findings that need treatment (usually red).",
        },
        {
          key: "existingColor",
          kind: "color",
          label: "Existing work",
          hint: "Restorations the patient came with (usually blue or grey).",
        },
        {
          key: "plannedColor",
          kind: "color",
          label: "Planned treatment",
          hint: "Drawn as an outline, so planned work reads apart from work done (usually red).",
        },
        {
          key: "completedColor",
          kind: "color",
          label: "Completed treatment",
          hint: "Work done at this clinic (usually blue).",
        },
      ],
    }],
  },
};
