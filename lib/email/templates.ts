/**
 * The messages OdontoX sends. Each takes plain values (names, dates, links),
 * never rows, so the staff and appointment code can call it with whatever
 * it has loaded; each returns `{ subject, html, text }` for `enqueueEmail`.
 * Times are shown in the clinic's time zone, with the zone named.
 */
import { type EmailBlock, type RenderedEmail, renderEmail } from "./layout.tsx";

const formatters = new Map<string, Intl.DateTimeFormat>();
function format(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = timeZone + JSON.stringify(options);
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-GB", { timeZone, ...options });
    formatters.set(key, formatter);
  }
  return formatter;
}

/** "Tuesday, 24 November 2026" */
export function emailDate(date: Date, timeZone: string): string {
  return format(timeZone, { weekday: "long", day: "numeric", month: "long", year: "numeric" })
    .format(date);
}

/** "10:30 am Pakistan Standard Time" */
export function emailTime(date: Date, timeZone: string): string {
  return format(timeZone, {
    hour: "numeric",
    minute: "2-digit",
    hour12: true,
    timeZoneName: "long",
  }).format(date);
}

/** "Tue 24 Nov, 10:30 am": short enough for a subject line. */
function subjectDateTime(date: Date, timeZone: string): string {
  return format(timeZone, {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "numeric",
    minute: "2-digit",
    hour12: true,
  }).format(date);
}

export const APPOINTMENT_STATUS_LABELS: Record<string, string> = {
  scheduled: "Scheduled",
  confirmed: "Confirmed",
  in_progress: "In progress",
  completed: "Completed",
  cancelled: "Cancelled",
  no_show: "No-show",
};

function statusLabel(status: string): string {
  return APPOINTMENT_STATUS_LABELS[status] ?? status;
}

function duration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h && `${h} h`, m && `${m} min`].filter(Boolean).join(" ") || "0 min";
}

export interface AppointmentFacts {
  clinicName: string;
  /** IANA zone of the clinic, e.g. `Asia/Karachi`. */
  timeZone: string;
  patientName: string;
  startsAt: Date;
  durationMinutes: number;
  doctorName?: string | null;
  /** The kind of visit, e.g. "Check-up". */
  appointmentType?: string | null;
  /** Where to come, when the clinic has an address on file. */
  clinicAddress?: string | null;
  /** The clinic's logo for the email's header, when it has one. */
  clinicLogoUrl?: string | null;
}

/**
 * Signed links that let the patient answer without signing in (see
 * lib/appointment-tokens.ts). Either may be absent; with neither the email has no action at all.
 */
export interface PatientActionLinks {
  confirmUrl?: string;
  cancelUrl?: string;
}

function appointmentDetails(facts: AppointmentFacts): EmailBlock {
  const rows: [string, string][] = [
    ["Date", emailDate(facts.startsAt, facts.timeZone)],
    ["Time", emailTime(facts.startsAt, facts.timeZone)],
    ["Duration", duration(facts.durationMinutes)],
  ];
  if (facts.appointmentType) rows.push(["Visit", facts.appointmentType]);
  if (facts.doctorName) rows.push(["Dentist", facts.doctorName]);
  if (facts.clinicAddress) rows.push(["Where", facts.clinicAddress]);
  return { kind: "details", rows };
}

function patientActions(links: PatientActionLinks): EmailBlock[] {
  if (!links.confirmUrl && !links.cancelUrl) return [];
  return [{
    kind: "actions",
    primary: links.confirmUrl
      ? { label: "Confirm Appointment", href: links.confirmUrl }
      : undefined,
    secondary: links.cancelUrl ? { label: "Cancel", href: links.cancelUrl } : undefined,
  }];
}

export interface StaffInvitationEmail {
  clinicName: string;
  /** Who sent the invitation, when known. */
  inviterName?: string | null;
  /** How the role reads to a person: "Doctor", "Reception". */
  roleLabel: string;
  acceptUrl: string;
  expiresAt: Date;
  timeZone: string;
  /** The clinic's logo for the email's header, when it has one. */
  clinicLogoUrl?: string | null;
}

export function staffInvitationEmail(input: StaffInvitationEmail): RenderedEmail {
  const who = input.inviterName ? `${input.inviterName} has` : "You have been";
  const invited = input.inviterName ? "invited you" : "invited";
  return renderEmail({
    subject: `You're invited to join ${input.clinicName} on OdontoX`,
    preheader: `Join ${input.clinicName} as ${input.roleLabel}.`,
    clinicName: input.clinicName,
    clinicLogoUrl: input.clinicLogoUrl,
    heading: `Join ${input.clinicName} on OdontoX`,
    blocks: [
      {
        kind: "paragraph",
        text: `${who} ${invited} to join ${input.clinicName} as ${input.roleLabel}. ` +
          "Accept the invitation to set up your account and sign in.",
      },
      { kind: "button", label: "Accept invitation", href: input.acceptUrl },
      {
        kind: "note",
        text: `This invitation expires on ${emailDate(input.expiresAt, input.timeZone)} at ` +
          `${emailTime(input.expiresAt, input.timeZone)}. If you were not expecting it, ` +
          "you can ignore this email.",
      },
    ],
    footer: "You received this email because someone at the clinic invited this address.",
  });
}

export interface AppointmentScheduledEmail extends AppointmentFacts, PatientActionLinks {
  /** Set when an existing appointment moved: its former start. */
  previousStartsAt?: Date | null;
}

/** To the patient, when an appointment is booked or moved. */
export function appointmentScheduledEmail(input: AppointmentScheduledEmail): RenderedEmail {
  const when = subjectDateTime(input.startsAt, input.timeZone);
  const moved = Boolean(input.previousStartsAt);
  const blocks: EmailBlock[] = [
    {
      kind: "paragraph",
      text: moved
        ? `Dear ${input.patientName}, your appointment at ${input.clinicName} has been moved ` +
          `from ${emailDate(input.previousStartsAt!, input.timeZone)}, ` +
          `${emailTime(input.previousStartsAt!, input.timeZone)}. The new time is below.`
        : `Dear ${input.patientName}, your appointment at ${input.clinicName} is booked.`,
    },
    appointmentDetails(input),
    ...patientActions(input),
    {
      kind: "note",
      text: input.confirmUrl || input.cancelUrl
        ? "Please let us know whether you can make it. To change the time, contact the clinic."
        : "If you cannot make it, please contact the clinic to change the time.",
    },
  ];
  return renderEmail({
    subject: moved
      ? `Your appointment at ${input.clinicName} has moved to ${when}`
      : `Your appointment at ${input.clinicName} on ${when}`,
    preheader: `${emailDate(input.startsAt, input.timeZone)} at ` +
      `${emailTime(input.startsAt, input.timeZone)}`,
    clinicName: input.clinicName,
    clinicLogoUrl: input.clinicLogoUrl,
    heading: moved ? "Your appointment has been rescheduled" : "Your appointment is booked",
    blocks,
    footer: `You received this email because you have an appointment at ${input.clinicName}.`,
  });
}

/** To the patient, ahead of the visit (the clinic's reminder lead time). */
export function appointmentReminderEmail(
  input: AppointmentFacts & PatientActionLinks,
): RenderedEmail {
  return renderEmail({
    subject: `Reminder: your appointment at ${input.clinicName} on ` +
      subjectDateTime(input.startsAt, input.timeZone),
    preheader: `See you on ${emailDate(input.startsAt, input.timeZone)} at ` +
      `${emailTime(input.startsAt, input.timeZone)}.`,
    clinicName: input.clinicName,
    clinicLogoUrl: input.clinicLogoUrl,
    heading: "Your appointment is coming up",
    blocks: [
      {
        kind: "paragraph",
        text: `Dear ${input.patientName}, this is a reminder of your appointment at ` +
          `${input.clinicName}.`,
      },
      appointmentDetails(input),
      ...patientActions(input),
      {
        kind: "note",
        text: "If you cannot make it, please let the clinic know so the time can go to " +
          "another patient.",
      },
    ],
    footer: `You received this email because you have an appointment at ${input.clinicName}.`,
  });
}

export interface AppointmentStatusEmail extends AppointmentFacts {
  previousStatus: string;
  status: string;
  /** Who made the change: a staff member's name, or e.g. "the patient, from the email link". */
  changedBy?: string | null;
  /** The appointment in the app. */
  appointmentUrl: string;
}

/** To staff, when an appointment's status changes. */
export function appointmentStatusChangedEmail(input: AppointmentStatusEmail): RenderedEmail {
  const label = statusLabel(input.status);
  const when = subjectDateTime(input.startsAt, input.timeZone);
  return renderEmail({
    subject: `${label}: ${input.patientName}, ${when}`,
    preheader: `${statusLabel(input.previousStatus)} → ${label}` +
      (input.changedBy ? ` by ${input.changedBy}` : ""),
    clinicName: input.clinicName,
    clinicLogoUrl: input.clinicLogoUrl,
    heading: `Appointment ${label.toLowerCase()}`,
    blocks: [
      {
        kind: "paragraph",
        text: `${input.patientName}'s appointment changed from ` +
          `${statusLabel(input.previousStatus)} to ${label}` +
          (input.changedBy ? `, by ${input.changedBy}.` : "."),
      },
      {
        kind: "details",
        rows: [
          ["Patient", input.patientName],
          ["Status", label],
          ...(appointmentDetails(input) as Extract<EmailBlock, { kind: "details" }>).rows,
        ],
      },
      { kind: "button", label: "Open appointment", href: input.appointmentUrl },
    ],
    footer: "You received this email because you follow appointment changes at this clinic.",
  });
}
