/**
 * The patient card of the record's overview: who the patient is (age from
 * the date of birth), how to reach them, and their medical alerts, which are
 * highlighted because a clinician must see them before treating. The
 * WhatsApp row exists only for clinics with the WhatsApp module.
 */
import type { ComponentChildren } from "preact";
import { Badge } from "../ui/mod.ts";
import { Icon } from "../Icon.tsx";
import type { Patient } from "../../lib/patients/records.ts";
import { ageOn, type Gender, GENDER_LABELS } from "../../lib/patients/fields.ts";
import { phoneCountries, phoneCountryOf } from "../../lib/phones.ts";

const dobFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});

export function formatBirthDate(dateOfBirth: string): string {
  return dobFormat.format(new Date(`${dateOfBirth}T00:00:00Z`));
}

/** Today's date in the clinic's time zone, YYYY-MM-DD. */
export function clinicToday(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone }).format(now);
}

/** "38 years · Female", or what is known of it. */
export function ageAndGender(
  patient: Pick<Patient, "dateOfBirth" | "gender">,
  today: string,
): string {
  const parts: string[] = [];
  if (patient.dateOfBirth) {
    const age = ageOn(patient.dateOfBirth, today);
    parts.push(age === 1 ? "1 year" : `${age} years`);
  }
  if (patient.gender && patient.gender !== "unknown") {
    parts.push(GENDER_LABELS[patient.gender as Gender]);
  }
  return parts.join(" · ");
}

function initials(name: string): string {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((p) => p[0]!.toUpperCase()).join("");
}

export function PatientAvatar({ name, size = "md" }: { name: string; size?: "md" | "lg" }) {
  return (
    <span
      class={`grid shrink-0 place-items-center rounded-full bg-brand-50 font-semibold text-brand-700 ${
        size === "lg" ? "h-14 w-14 text-lg" : "h-10 w-10 text-sm"
      }`}
      aria-hidden="true"
    >
      {initials(name)}
    </span>
  );
}

export function PatientAlertBadge() {
  return (
    <Badge tone="red" class="gap-1 whitespace-nowrap">
      <Icon name="alert" class="h-3.5 w-3.5" />
      Medical alert
    </Badge>
  );
}

function countryName(e164: string): string | null {
  const code = phoneCountryOf(e164);
  const country = code ? phoneCountries().find((c) => c.code === code) : undefined;
  // The name alone: flag emoji render as two letters where the system has no flag glyphs.
  return country?.name ?? null;
}

function PhoneValue({ e164 }: { e164: string }) {
  const country = countryName(e164);
  return (
    <span class="flex flex-col items-end">
      <a href={`tel:${e164}`} class="tabular-nums text-brand-700 hover:underline">{e164}</a>
      {country && <span class="text-xs font-normal text-slate-500">{country}</span>}
    </span>
  );
}

function Row({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="flex items-start justify-between gap-4 px-5 py-3">
      <dt class="shrink-0 text-sm text-slate-500">{label}</dt>
      <dd class="min-w-0 break-words text-right text-sm font-medium text-slate-900">{children}</dd>
    </div>
  );
}

const missing = <span class="font-normal text-slate-500">Not recorded</span>;

export interface PatientCardProps {
  patient: Patient;
  today: string;
  /** The member may see phone numbers. */
  contact: boolean;
  /** The clinic has WhatsApp: the WhatsApp row exists. */
  whatsapp: boolean;
}

export function PatientCard({ patient, today, contact, whatsapp }: PatientCardProps) {
  const age = patient.dateOfBirth ? ageOn(patient.dateOfBirth, today) : null;
  return (
    <section class="rounded-xl bg-white shadow-sm ring-1 ring-slate-200" data-patient-card>
      <header class="border-b border-slate-100 px-5 py-3.5">
        <h2 class="text-sm font-semibold text-slate-900">Patient details</h2>
      </header>
      <dl class="divide-y divide-slate-100">
        <Row label="MRN">
          <span class="font-mono text-sm">{patient.mrn}</span>
        </Row>
        <Row label="Date of birth">
          {patient.dateOfBirth
            ? (
              <>
                {formatBirthDate(patient.dateOfBirth)}
                <span class="font-normal text-slate-500">
                  {" · "}
                  {age === 1 ? "1 year" : `${age} years`}
                </span>
              </>
            )
            : missing}
        </Row>
        <Row label="Gender">
          {patient.gender && patient.gender !== "unknown"
            ? GENDER_LABELS[patient.gender as Gender]
            : missing}
        </Row>
        {contact && (
          <Row label="Phone">{patient.phone ? <PhoneValue e164={patient.phone} /> : missing}</Row>
        )}
        {contact && whatsapp && (
          <div data-whatsapp-row>
            <Row label="WhatsApp">
              {patient.whatsappPhone ? <PhoneValue e164={patient.whatsappPhone} /> : missing}
            </Row>
          </div>
        )}
        <Row label="Email">
          {patient.email
            ? (
              <a href={`mailto:${patient.email}`} class="text-brand-700 hover:underline">
                {patient.email}
              </a>
            )
            : missing}
        </Row>
        <Row label="Address">{patient.address ?? missing}</Row>
      </dl>
      {!contact && (
        <p class="border-t border-slate-100 px-5 py-3 text-xs text-slate-500">
          Phone numbers are hidden: your role cannot see patients' contact numbers.
        </p>
      )}
    </section>
  );
}

/** The medical alerts panel: loud when there are alerts, quiet when there are none. */
export function PatientAlerts({ alerts }: { alerts: string | null }) {
  if (!alerts) {
    return (
      <section
        class="rounded-xl bg-white px-5 py-4 shadow-sm ring-1 ring-slate-200"
        data-medical-alerts
      >
        <h2 class="text-sm font-semibold text-slate-900">Medical alerts</h2>
        <p class="mt-1 text-sm text-slate-500">No medical alerts recorded.</p>
      </section>
    );
  }
  return (
    <section
      class="rounded-xl bg-red-50 px-5 py-4 shadow-sm ring-1 ring-red-200"
      role="note"
      aria-label="Medical alerts"
      data-medical-alerts
    >
      <div class="flex items-center gap-2">
        <Icon name="alert" class="h-5 w-5 text-red-600" />
        <h2 class="text-sm font-semibold text-red-800">Medical alerts</h2>
      </div>
      <p class="mt-2 whitespace-pre-line text-sm font-medium text-red-900">{alerts}</p>
    </section>
  );
}
