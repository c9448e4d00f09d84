/** The first step of a new plan: whose plan it is. */
import { Button, Card, Input, PageHeader } from "../ui/mod.ts";
import type { PatientOption } from "../../lib/patients/patient-picker.ts";

export function PatientPickPage({ query, patients }: { query: string; patients: PatientOption[] }) {
  return (
    <>
      <PageHeader title="New treatment plan" subtitle="Choose the patient" />
      <Card>
        <form
          method="get"
          action="/treatment-plans/new"
          class="flex gap-3 border-b border-slate-100 p-5"
        >
          <Input
            name="q"
            type="search"
            value={query}
            placeholder="Name or MRN"
            aria-label="Search patients"
          />
          <Button type="submit" variant="secondary">Search</Button>
        </form>
        <ul class="divide-y divide-slate-100" data-patient-choices>
          {patients.map((p) => (
            <li key={p.id}>
              <a
                href={`/treatment-plans/new?patientId=${p.id}`}
                class="flex justify-between px-5 py-3 text-sm hover:bg-slate-50"
              >
                <span class="font-medium text-slate-900">{p.fullName}</span>
                <span class="text-slate-500">{p.mrn}</span>
              </a>
            </li>
          ))}
          {patients.length === 0 && (
            <li class="px-5 py-6 text-sm text-slate-500">No patient matches.</li>
          )}
        </ul>
      </Card>
    </>
  );
}
