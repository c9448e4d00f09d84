/** The email that carries a patient's portal invitation link. */
import { type RenderedEmail, renderEmail } from "../email/layout.tsx";
import { emailDate, emailTime } from "../email/templates.ts";

export interface PatientInvitationEmail {
  clinicName: string;
  patientName: string;
  acceptUrl: string;
  expiresAt: Date;
  timeZone: string;
  /** The clinic's logo for the email's header, when it has one. */
  clinicLogoUrl?: string | null;
}

export function patientInvitationEmail(input: PatientInvitationEmail): RenderedEmail {
  return renderEmail({
    subject: `${input.clinicName} invites you to your patient portal`,
    preheader: "See your appointments and confirm them online.",
    clinicName: input.clinicName,
    clinicLogoUrl: input.clinicLogoUrl,
    heading: "Your patient portal",
    blocks: [
      {
        kind: "paragraph",
        text: `Dear ${input.patientName}, ${input.clinicName} has set up a patient portal for ` +
          "you: see your upcoming and past appointments, confirm or cancel them, and keep your " +
          "details up to date.",
      },
      { kind: "button", label: "Set up my account", href: input.acceptUrl },
      {
        kind: "note",
        text: `This link works once and expires on ${emailDate(input.expiresAt, input.timeZone)} ` +
          `at ${emailTime(input.expiresAt, input.timeZone)}. If you were not expecting it, ` +
          "you can ignore this email.",
      },
    ],
    footer: `You received this email because ${input.clinicName} invited this address.`,
  });
}
