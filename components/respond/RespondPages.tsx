/**
 * What the patient sees behind the email link: the question (GET, which
 * changes nothing because mail scanners fetch every link), the answer after
 * the button, and the refusals, which read the same whatever went wrong with
 * the link.
 */
import { STATUS_LABELS } from "../../lib/appointments/statuses.ts";
import type { AppointmentLinkPreview } from "../../lib/appointments/patient-response.ts";
import { Heading, RespondFrame, Text, TokenButton, When } from "./RespondFrame.tsx";

export function AskPage(
  { answer, token, action }: { answer: AppointmentLinkPreview; token: string; action: string },
) {
  const confirm = answer.action === "confirm";
  return (
    <RespondFrame clinicName={answer.clinicName}>
      <Heading mark={confirm ? "calendar" : "alert"}>
        {confirm ? "Confirm your appointment" : "Cancel your appointment?"}
      </Heading>
      <Text>
        {answer.patientName ? `Dear ${answer.patientName}, ` : ""}
        {confirm
          ? "please confirm that you will come to this appointment."
          : "please confirm that you want to cancel this appointment."}
      </Text>
      <When answer={answer} />
      <TokenButton action={action} token={token} tone={confirm ? "confirm" : "cancel"}>
        {confirm ? "Confirm appointment" : "Cancel appointment"}
      </TokenButton>
      <p class="mt-4 text-center text-xs text-slate-500">
        {confirm
          ? "Nothing changes until you press the button."
          : "Changed your mind? Close this page and your appointment stays booked."}
      </p>
    </RespondFrame>
  );
}

export function AnswerPage({ answer }: { answer: AppointmentLinkPreview }) {
  if (answer.alreadyProcessed) {
    return (
      <RespondFrame clinicName={answer.clinicName}>
        <Heading mark="info">Your response was already recorded</Heading>
        <p class="mt-4 text-center">
          <span class="rounded-full bg-slate-100 px-3 py-1 text-sm font-medium text-slate-700">
            Status: <span data-status>{STATUS_LABELS[answer.status]}</span>
          </span>
        </p>
        <When answer={answer} />
        <Text>To change anything, please contact {answer.clinicName}.</Text>
      </RespondFrame>
    );
  }
  if (answer.status === "cancelled") {
    return (
      <RespondFrame clinicName={answer.clinicName}>
        <Heading mark="cross">Appointment Cancelled</Heading>
        <When answer={answer} />
        <Text>If you'd like to reschedule, please contact {answer.clinicName}.</Text>
      </RespondFrame>
    );
  }
  return (
    <RespondFrame clinicName={answer.clinicName}>
      <Heading mark="check">Appointment Confirmed</Heading>
      <Text>Thank you{answer.patientName ? `, ${answer.patientName}` : ""}.</Text>
      <When answer={answer} />
      <Text>We look forward to seeing you!</Text>
    </RespondFrame>
  );
}

export function ProblemPage(
  { title, message, retry }: {
    title: string;
    message: string;
    /** Where and with which token the "Try again" button posts, when trying again may help. */
    retry?: { action: string; token: string };
  },
) {
  return (
    <RespondFrame>
      <Heading mark="alert">{title}</Heading>
      <Text>{message}</Text>
      {retry && <TokenButton {...retry} tone="retry">Try again</TokenButton>}
    </RespondFrame>
  );
}
