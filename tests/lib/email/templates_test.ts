import { assert, assertEquals, assertMatch, assertRejects } from "../../support/assert.ts";
import {
  appointmentReminderEmail,
  appointmentScheduledEmail,
  appointmentStatusChangedEmail,
  staffInvitationEmail,
} from "../../../lib/email/templates.ts";

/** What a mail client shows: the body's text, tags gone, entities decoded, spaces collapsed. */
function visibleText(html: string): string {
  return html
    .replace(/<head>[\s\S]*?<\/head>/, "")
    .replace(/<div style="display:none;[^"]*">[\s\S]*?<\/div>/, "")
    .replace(/<\/?(span|a)\b[^>]*>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

/** The `href`s of the message's links, in document order, decoded as a browser would. */
function links(html: string): { href: string; label: string }[] {
  return [...html.matchAll(/<a\s[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)].map((m) => ({
    href: m[1].replace(/&amp;/g, "&"),
    label: visibleText(m[2]),
  }));
}

const facts = {
  clinicName: "Demo Dental",
  timeZone: "Asia/Karachi",
  patientName: "Ayesha Khan",
  // 10:30 in Karachi (UTC+5).
  startsAt: new Date("2026-11-24T05:30:00Z"),
  durationMinutes: 45,
  doctorName: "Dr. Bilal Ahmed",
};

const confirmUrl = "https://app.odontox.test/appointment/respond?token=abc.def&x=1";
const cancelUrl = "https://app.odontox.test/appointment/respond?token=ghi.jkl";

Deno.test("a booked appointment tells the patient when, how long and with whom, in the clinic's time", () => {
  const email = appointmentScheduledEmail(facts);
  assertEquals(email.subject, "Your appointment at Demo Dental on Tue 24 Nov, 10:30 am");
  const seen = visibleText(email.html);
  assertMatch(seen, /^OdontoX Demo Dental Your appointment is booked /);
  assertMatch(seen, /Dear Ayesha Khan/);
  assertMatch(seen, /Date Tuesday, 24 November 2026/);
  assertMatch(seen, /Time 10:30 am Pakistan Standard Time/);
  assertMatch(seen, /Duration 45 min/);
  assertMatch(seen, /Dentist Dr\. Bilal Ahmed/);
  assertMatch(seen, /Sent by OdontoX on behalf of Demo Dental\./);
  assertMatch(email.text, /^OdontoX · Demo Dental\n\nYour appointment is booked\n/);
  assertMatch(email.text, /Date:\s+Tuesday, 24 November 2026\n/);
  assertMatch(email.text, /Time:\s+10:30 am Pakistan Standard Time\n/);
  assertMatch(email.text, /Dentist:\s+Dr\. Bilal Ahmed\n/);
  // The inbox preview line, hidden in the message itself.
  assertMatch(
    email.html,
    /<div style="display:none;[^"]*">Tuesday, 24 November 2026 at 10:30 am Pakistan Standard Time<\/div>/,
  );
});

Deno.test("without confirm and cancel links the email offers neither", () => {
  const email = appointmentScheduledEmail(facts);
  assert(!/Confirm Appointment/.test(email.html) && !/Confirm Appointment/.test(email.text));
  assertEquals(links(email.html), []);
  assert(!/\bCancel\b/.test(email.text));
  assertMatch(email.text, /contact the clinic to change the time/);
});

Deno.test("confirm and cancel links appear below the details: a green button, then a text link", () => {
  const email = appointmentScheduledEmail({ ...facts, confirmUrl, cancelUrl });
  assertEquals(links(email.html), [
    { href: confirmUrl, label: "Confirm Appointment" },
    { href: cancelUrl, label: "Cancel" },
  ]);
  const seen = visibleText(email.html);
  assert(seen.indexOf("Dentist Dr. Bilal Ahmed") < seen.indexOf("Confirm Appointment"));
  assert(seen.indexOf("Confirm Appointment") < seen.indexOf("Cancel"));
  // The button is a green cell; the cancel link is not a button.
  assertMatch(email.html, /background-color:#15803d;[^>]*><a href="[^"]*token=abc\.def/);
  assertMatch(
    email.text,
    new RegExp(`Confirm Appointment: ${confirmUrl.replace(/[.?]/g, "\\$&")}`),
  );
  assertMatch(email.text, new RegExp(`Cancel: ${cancelUrl.replace(/[.?]/g, "\\$&")}`));
});

Deno.test("either action link can come alone", () => {
  const onlyCancel = appointmentScheduledEmail({ ...facts, cancelUrl });
  assertEquals(links(onlyCancel.html), [{ href: cancelUrl, label: "Cancel" }]);
  const onlyConfirm = appointmentReminderEmail({ ...facts, confirmUrl });
  assertEquals(links(onlyConfirm.html), [{ href: confirmUrl, label: "Confirm Appointment" }]);
});

Deno.test("a moved appointment says so and gives the old and the new time", () => {
  const email = appointmentScheduledEmail({
    ...facts,
    previousStartsAt: new Date("2026-11-23T09:00:00Z"),
  });
  assertEquals(email.subject, "Your appointment at Demo Dental has moved to Tue 24 Nov, 10:30 am");
  const seen = visibleText(email.html);
  assertMatch(seen, /Your appointment has been rescheduled/);
  assertMatch(seen, /moved from Monday, 23 November 2026, 2:00 pm Pakistan Standard Time/);
  assertMatch(seen, /Date Tuesday, 24 November 2026/);
});

Deno.test("the reminder names the visit and may carry the patient's links", () => {
  const email = appointmentReminderEmail({ ...facts, confirmUrl, cancelUrl });
  assertEquals(email.subject, "Reminder: your appointment at Demo Dental on Tue 24 Nov, 10:30 am");
  const seen = visibleText(email.html);
  assertMatch(seen, /Your appointment is coming up/);
  assertMatch(seen, /Time 10:30 am Pakistan Standard Time/);
  assertEquals(links(email.html).map((l) => l.label), ["Confirm Appointment", "Cancel"]);
});

Deno.test("staff hear of a status change: from what to what, by whom, with a way in", () => {
  const email = appointmentStatusChangedEmail({
    ...facts,
    previousStatus: "scheduled",
    status: "cancelled",
    changedBy: "the patient, from the email link",
    appointmentUrl: "https://app.odontox.test/appointments/42",
  });
  assertEquals(email.subject, "Cancelled: Ayesha Khan, Tue 24 Nov, 10:30 am");
  const seen = visibleText(email.html);
  assertMatch(seen, /Appointment cancelled/);
  assertMatch(
    seen,
    /changed from Scheduled to Cancelled, by the patient, from the email link\./,
  );
  assertMatch(seen, /Patient Ayesha Khan Status Cancelled Date Tuesday, 24 November 2026/);
  assertEquals(links(email.html), [
    { href: "https://app.odontox.test/appointments/42", label: "Open appointment" },
  ]);
  assertMatch(email.text, /Open appointment: https:\/\/app\.odontox\.test\/appointments\/42/);
});

Deno.test("an invitation names the clinic, the role, the link and when it expires", () => {
  const email = staffInvitationEmail({
    clinicName: "Demo Dental",
    inviterName: "Dr. Sana Malik",
    roleLabel: "Nurse",
    acceptUrl: "https://app.odontox.test/invite/TOKEN",
    expiresAt: new Date("2026-11-28T12:00:00Z"),
    timeZone: "Asia/Karachi",
  });
  assertEquals(email.subject, "You're invited to join Demo Dental on OdontoX");
  const seen = visibleText(email.html);
  assertMatch(seen, /Dr\. Sana Malik has invited you to join Demo Dental as Nurse\./);
  assertMatch(seen, /expires on Saturday, 28 November 2026 at 5:00 pm Pakistan Standard Time/);
  assertEquals(links(email.html), [
    { href: "https://app.odontox.test/invite/TOKEN", label: "Accept invitation" },
  ]);
  assertMatch(email.text, /Accept invitation: https:\/\/app\.odontox\.test\/invite\/TOKEN/);
});

Deno.test("names and clinic names are shown as text, never as markup", () => {
  const email = appointmentScheduledEmail({
    ...facts,
    clinicName: `Smile & Co "Best" <b>Dental</b>`,
    patientName: `<script>alert("x")</script><img src=x onerror=alert(1)>`,
    doctorName: `Dr. O'Brien`,
  });
  assert(!/<script/i.test(email.html), "no script element");
  assert(!/<img/i.test(email.html), "no injected image");
  assert(!/<b>Dental/.test(email.html), "no injected bold");
  const seen = visibleText(email.html);
  assertMatch(seen, /Dear <script>alert\("x"\)<\/script><img src=x onerror=alert\(1\)>/);
  assertMatch(seen, /Sent by OdontoX on behalf of Smile & Co "Best" <b>Dental<\/b>\./);
  // The plain-text part is not HTML: it carries the names exactly.
  assertMatch(email.text, /Dear <script>alert\("x"\)<\/script>/);
});

Deno.test("a link that is not http(s) is refused rather than mailed", async () => {
  await assertRejects(
    () =>
      Promise.resolve().then(() =>
        appointmentScheduledEmail({ ...facts, confirmUrl: "javascript:alert(1)" })
      ),
    (error) => /http\(s\)/.test(error.message),
  );
});
