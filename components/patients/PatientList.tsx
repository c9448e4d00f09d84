/**
 * One page of the patient list: a table on wide screens, a card per patient
 * on phones, and the pager. Phone numbers and alerts appear only for members
 * allowed to see them (the records arrive with those fields already null).
 */
import type { Patient } from "../../lib/patients/records.ts";
import { buttonClass } from "../ui/mod.ts";
import { Icon } from "../Icon.tsx";
import { ageAndGender, PatientAlertBadge, PatientAvatar } from "./PatientCard.tsx";

export interface PatientListProps {
  patients: Patient[];
  today: string;
  /** Show the phone column. */
  contact: boolean;
}

const chevron = <Icon name="chevronRight" class="h-5 w-5 text-slate-300" />;

export function PatientList({ patients, today, contact }: PatientListProps) {
  return (
    <>
      <table class="hidden min-w-full text-sm md:table" data-patient-table>
        <thead>
          <tr class="border-b border-slate-100 text-left text-xs uppercase tracking-wide text-slate-500">
            <th scope="col" class="px-5 py-3 font-medium">Patient</th>
            <th scope="col" class="px-5 py-3 font-medium">MRN</th>
            <th scope="col" class="px-5 py-3 font-medium">Age</th>
            {contact && <th scope="col" class="px-5 py-3 font-medium">Phone</th>}
            <th scope="col" class="px-5 py-3">
              <span class="sr-only">Open</span>
            </th>
          </tr>
        </thead>
        <tbody class="divide-y divide-slate-100">
          {patients.map((patient) => (
            <tr key={patient.id} class="group relative hover:bg-slate-50">
              <td class="px-5 py-3">
                <div class="flex items-center gap-3">
                  <PatientAvatar name={patient.fullName} />
                  <div class="min-w-0">
                    {/* The link covers the whole row, so any part of it opens the record. */}
                    <a
                      href={`/patients/${patient.id}`}
                      class="font-medium text-slate-900 after:absolute after:inset-0 focus:outline-none"
                    >
                      {patient.fullName}
                    </a>
                    <div class="mt-0.5 flex items-center gap-2">
                      {patient.email && <span class="truncate text-slate-500">{patient.email}
                      </span>}
                      {patient.medicalAlerts && <PatientAlertBadge />}
                    </div>
                  </div>
                </div>
              </td>
              <td class="whitespace-nowrap px-5 py-3 font-mono text-slate-700">{patient.mrn}</td>
              <td class="whitespace-nowrap px-5 py-3 text-slate-700">
                {ageAndGender(patient, today) || <span class="text-slate-500">—</span>}
              </td>
              {contact && (
                <td class="whitespace-nowrap px-5 py-3 tabular-nums text-slate-700">
                  {patient.phone ?? <span class="text-slate-500">—</span>}
                </td>
              )}
              <td class="w-10 px-5 py-3 text-right">{chevron}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <ul class="divide-y divide-slate-100 md:hidden" data-patient-cards>
        {patients.map((patient) => (
          <li key={patient.id}>
            <a
              href={`/patients/${patient.id}`}
              class="flex items-center gap-3 px-4 py-3.5 hover:bg-slate-50 focus:bg-slate-50 focus:outline-none"
            >
              <PatientAvatar name={patient.fullName} />
              <div class="min-w-0 flex-1">
                <p class="truncate text-sm font-medium text-slate-900">{patient.fullName}</p>
                <p class="truncate text-xs text-slate-500">
                  <span class="font-mono">{patient.mrn}</span>
                  {ageAndGender(patient, today) && ` · ${ageAndGender(patient, today)}`}
                </p>
                {(patient.phone || patient.medicalAlerts) && (
                  <div class="mt-1 flex flex-wrap items-center gap-2">
                    {contact && patient.phone && (
                      <span class="text-xs tabular-nums text-slate-600">{patient.phone}</span>
                    )}
                    {patient.medicalAlerts && <PatientAlertBadge />}
                  </div>
                )}
              </div>
              {chevron}
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}

export function PatientPager(
  { total, offset, limit, href }: {
    total: number;
    offset: number;
    limit: number;
    /** The URL of page `page` (1-based). */
    href: (page: number) => string;
  },
) {
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.max(1, Math.ceil(total / limit));
  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(offset + limit, total);
  // Plain links with the button look: `rel` tells assistive tech which page is which.
  const link = buttonClass("secondary", "sm");
  const idle = buttonClass("secondary", "sm", "pointer-events-none opacity-50");
  return (
    <nav
      aria-label="Pages"
      class="flex items-center justify-between gap-4 border-t border-slate-100 px-4 py-3 sm:px-5"
      data-pager
    >
      <p class="text-sm text-slate-500">
        {first}–{last} of {total}
        <span class="hidden sm:inline">{` · page ${page} of ${pages}`}</span>
      </p>
      <div class="flex gap-2">
        {page > 1
          ? <a href={href(page - 1)} rel="prev" class={link}>Previous</a>
          : <span class={idle} aria-disabled="true">Previous</span>}
        {page < pages
          ? <a href={href(page + 1)} rel="next" class={link}>Next</a>
          : <span class={idle} aria-disabled="true">Next</span>}
      </div>
    </nav>
  );
}
