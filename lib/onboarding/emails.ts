/** The emails a clinic's application brings: received, approved (with the owner's link), declined. */
import { type RenderedEmail, renderEmail } from "../email/layout.tsx";
import { emailDate, emailTime } from "../email/templates.ts";

export function applicationReceivedEmail(input: {
  clinicName: string;
  ownerName: string;
}): RenderedEmail {
  return renderEmail({
    subject: `We received ${input.clinicName}'s application`,
    preheader: "We review every application and reply by email.",
    clinicName: null,
    heading: "Thank you for applying",
    blocks: [
      {
        kind: "paragraph",
        text: `Dear ${input.ownerName}, thank you for applying to bring ${input.clinicName} ` +
          "to OdontoX. Our team reviews every application and will reply to this address.",
      },
    ],
    footer: "You received this email because this address was given on the OdontoX sign-up page.",
  });
}

export function clinicApprovedEmail(input: {
  clinicName: string;
  ownerName: string;
  acceptUrl: string;
  expiresAt: Date;
  trialDays: number;
  timeZone: string;
}): RenderedEmail {
  return renderEmail({
    subject: `${input.clinicName} is approved: set up your OdontoX account`,
    preheader: `Your ${input.trialDays}-day trial starts when you first sign in.`,
    clinicName: input.clinicName,
    heading: "Welcome to OdontoX",
    blocks: [
      {
        kind: "paragraph",
        text: `Dear ${input.ownerName}, ${input.clinicName} is approved. ` +
          "Set up your owner account to start, then invite your team.",
      },
      { kind: "button", label: "Set up your account", href: input.acceptUrl },
      {
        kind: "paragraph",
        text: `Your free trial lasts ${input.trialDays} days and starts the first time ` +
          "you sign in, not today, so take the time you need.",
      },
      {
        kind: "note",
        text: `This link works until ${emailDate(input.expiresAt, input.timeZone)} at ` +
          `${emailTime(input.expiresAt, input.timeZone)}.`,
      },
    ],
    footer: "You received this email because this address applied on the OdontoX sign-up page.",
  });
}

export function applicationDeclinedEmail(input: {
  clinicName: string;
  ownerName: string;
  reason: string;
}): RenderedEmail {
  return renderEmail({
    subject: `About ${input.clinicName}'s application to OdontoX`,
    preheader: "Thank you for your interest in OdontoX.",
    clinicName: null,
    heading: "About your application",
    blocks: [
      {
        kind: "paragraph",
        text: `Dear ${input.ownerName}, thank you for your interest in OdontoX. ` +
          `We are sorry that we cannot open an account for ${input.clinicName} at this time.`,
      },
      { kind: "details", rows: [["Reason", input.reason]] },
      {
        kind: "paragraph",
        text: "If something has changed, or you think we misunderstood, you are welcome to " +
          "apply again or reply to this email.",
      },
    ],
    footer: "You received this email because this address applied on the OdontoX sign-up page.",
  });
}
