/** The patient list: search by name, MRN or (for members who may see them) phone, a page at a time. */
import { Button, ButtonLink, Card, Input, PageHeader } from "../ui/mod.ts";
import { Icon } from "../Icon.tsx";
import { PatientList, PatientPager } from "./PatientList.tsx";
import { clinicToday } from "./PatientCard.tsx";
import { PatientNotice } from "./PatientNotice.tsx";
import type { PatientPage } from "../../lib/patients/records.ts";

function listHref(query: string, page: number): string {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  if (page > 1) params.set("page", String(page));
  const search = params.toString();
  return search ? `/patients?${search}` : "/patients";
}

function EmptyList({ query, canCreate }: { query: string; canCreate: boolean }) {
  return (
    <div class="px-5 py-12 text-center">
      <span class="mx-auto grid h-12 w-12 place-items-center rounded-full bg-slate-100 text-slate-400">
        <Icon name="users" class="h-6 w-6" />
      </span>
      <p class="mt-3 text-sm font-medium text-slate-900">
        {query ? `No patient matches “${query}”` : "No patients yet"}
      </p>
      <p class="mt-1 text-sm text-slate-500">
        {query
          ? "Search by part of a name, an MRN such as P-000042, or a full phone number."
          : canCreate
          ? "Register the clinic's first patient to start their record."
          : "Patients registered by the front desk will appear here."}
      </p>
    </div>
  );
}

export function PatientListPage(
  { page, query, clinicName, canCreate, contact, notice, now, timeZone }: {
    page: PatientPage;
    query: string;
    clinicName: string;
    canCreate: boolean;
    /** The member may see phone numbers (and search by them). */
    contact: boolean;
    notice?: string;
    now: Date;
    timeZone: string;
  },
) {
  const count = (one: string, many: string) => `${page.total} ${page.total === 1 ? one : many}`;
  return (
    <>
      <PageHeader
        title="Patients"
        subtitle={query
          ? `${count("patient matches", "patients match")} “${query}”`
          : `${count("patient", "patients")} at ${clinicName}`}
      >
        {canCreate && (
          <ButtonLink href="/patients/new" data-new-patient>
            <Icon name="plus" class="h-4 w-4" />
            New patient
          </ButtonLink>
        )}
      </PageHeader>
      <PatientNotice code={notice} />
      <Card>
        <form
          method="get"
          action="/patients"
          role="search"
          class="flex gap-2 border-b border-slate-100 p-4 sm:px-5"
        >
          <label for="patient-search" class="sr-only">Search patients</label>
          <Input
            id="patient-search"
            name="q"
            type="search"
            value={query}
            maxLength={200}
            autoComplete="off"
            placeholder={contact ? "Name, MRN or phone" : "Name or MRN"}
            class="flex-1"
          />
          <Button variant="secondary">Search</Button>
          {query && (
            <a
              href="/patients"
              class="hidden items-center px-2 text-sm font-medium text-slate-500 hover:text-slate-700 sm:inline-flex"
            >
              Clear
            </a>
          )}
        </form>
        {page.patients.length === 0
          ? <EmptyList query={query} canCreate={canCreate} />
          : (
            <PatientList
              patients={page.patients}
              today={clinicToday(now, timeZone)}
              contact={contact}
            />
          )}
        {page.total > 0 && (
          <PatientPager
            total={page.total}
            offset={page.offset}
            limit={page.limit}
            href={(n) => listHref(query, n)}
          />
        )}
      </Card>
    </>
  );
}
