/**
 * Patient pages (issue 4, "Patients"): the list with search and paging, the
 * record with its tabs, and full-page forms to register and edit. Forms post
 * as plain HTML to routes that check the same permissions and call the same
 * lib functions as /api/v1/patients, then redirect back with a notice.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import type { ComponentChildren } from "preact";
import { AppShell } from "../components/AppShell.tsx";
import { Card, PageHeader } from "../components/Card.tsx";
import { Icon } from "../components/Icon.tsx";
import { Notice } from "../components/Notice.tsx";
import {
  PATIENT_INPUT,
  PATIENT_PRIMARY_BUTTON,
  PATIENT_SECONDARY_BUTTON,
  PatientForm,
  type PatientFormOptions,
  type PatientFormValues,
} from "../components/PatientForm.tsx";
import { PatientList, PatientPager } from "../components/PatientList.tsx";
import {
  ageAndGender,
  clinicToday,
  PatientAlertBadge,
  PatientAlerts,
  PatientAvatar,
  PatientCard,
} from "../components/PatientCard.tsx";
import { PATIENT_TABS, type PatientTabKey, PatientTabs } from "../components/PatientTabs.tsx";
import type { AppEnv } from "../lib/http/app-env.ts";
import { loadStaffContext, type StaffContext } from "../lib/auth/staff-context.ts";
import { AppError, forbidden } from "../lib/errors.ts";
import { type Access, can } from "../lib/permissions/access.ts";
import { pageAllows, pageRequires } from "../lib/permissions/page-guards.ts";
import { PAGE_ACCESS } from "../lib/permissions/page-access.ts";
import { newPatientSchema, patientChangesSchema } from "../lib/patients/fields.ts";
import {
  createPatient,
  DEFAULT_PAGE_SIZE,
  disclosureFor,
  getPatient,
  listPatients,
  type Patient,
  updatePatient,
} from "../lib/patients/records.ts";
import { phoneFromForm } from "../lib/phones.ts";
import { formatDateTime } from "../lib/view/format.ts";
import { renderDocument } from "../lib/view/render.ts";
import { staffPage } from "./resume.tsx";
import { clinicalTabPanel } from "./clinical.tsx";
import { radiologyTabPanel } from "../components/RadiologyTab.tsx";
import { PatientAppointments } from "../components/PatientAppointments.tsx";
import { PatientActivity } from "../components/PatientActivity.tsx";
import { listPatientAppointments } from "../lib/appointments/patient-appointments.ts";
import { listPatientActivity } from "../lib/patients/activity.ts";

const NOTICES: Record<string, string> = {
  created: "Patient registered.",
  updated: "Changes saved.",
};

/** Pages behind `staffPage` and a patients permission always have a clinic member. */
function memberOf(me: StaffContext): Access {
  if (!me.access) throw forbidden("NO_CLINIC", "Patients belong to a clinic");
  return me.access;
}

function shell(c: Context<AppEnv>, me: StaffContext, title: string, body: ComponentChildren) {
  return renderDocument(
    <AppShell
      me={me}
      refreshLeadMs={c.var.deps.config.refreshLeadSeconds * 1000}
      current="/patients"
    >
      {body}
    </AppShell>,
    { title },
  );
}

function BackLink({ href, label }: { href: string; label: string }) {
  return (
    <a
      href={href}
      class="mb-4 inline-flex items-center gap-1.5 text-sm font-medium text-slate-500 hover:text-slate-700"
    >
      <Icon name="arrowLeft" class="h-4 w-4" />
      {label}
    </a>
  );
}

/** Which fields the member's form offers. */
function formOptions(access: Access): PatientFormOptions {
  const disclosure = disclosureFor(access);
  return {
    contact: disclosure.contact && can(access, "patients.contact.edit"),
    whatsapp: disclosure.whatsapp,
    alerts: disclosure.alerts && can(access, "patients.alerts.edit"),
  };
}

async function formFields(c: Context<AppEnv>): Promise<Record<string, string>> {
  const form = await c.req.formData().catch(() => new FormData());
  const fields: Record<string, string> = {};
  for (const [key, value] of form) if (typeof value === "string") fields[key] = value;
  return fields;
}

/**
 * The posted form as the API's body: only the fields the form showed, phone
 * numbers read in the country picked beside them.
 */
function submitted(fields: Record<string, string>, options: PatientFormOptions) {
  const body: Record<string, string | null> = {};
  for (const key of ["fullName", "dateOfBirth", "gender", "email", "address"] as const) {
    if (key in fields) body[key] = fields[key];
  }
  if (options.alerts && "medicalAlerts" in fields) body.medicalAlerts = fields.medicalAlerts;
  if (options.contact) {
    for (const key of options.whatsapp ? ["phone", "whatsappPhone"] : ["phone"]) {
      const value = phoneFromForm(fields, key);
      if (value !== undefined) body[key] = value;
    }
  }
  return body;
}

function issuesByField(issues: readonly { path: PropertyKey[]; message: string }[]) {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message;
  }
  return errors;
}

/** A refusal the user can fix is shown on the form; 403 and 404 go to the error page. */
const isUserError = (error: unknown): error is AppError =>
  error instanceof AppError && error.status === 400;

function formValues(fields: Record<string, string>, body: Record<string, string | null>) {
  return {
    ...fields,
    phone: body.phone ?? fields.phone,
    whatsappPhone: body.whatsappPhone ?? fields.whatsappPhone,
  } as PatientFormValues;
}

function renderForm(
  c: Context<AppEnv>,
  state: {
    me: StaffContext;
    patient?: Patient;
    values: PatientFormValues;
    errors?: Record<string, string>;
  },
  status: 200 | 400 = 200,
) {
  const { me, patient } = state;
  const access = memberOf(me);
  const title = patient ? `Edit ${patient.fullName}` : "New patient";
  return c.html(
    shell(
      c,
      me,
      title,
      <div class="mx-auto max-w-4xl">
        <BackLink
          href={patient ? `/patients/${patient.id}` : "/patients"}
          label={patient ? patient.fullName : "Patients"}
        />
        <PageHeader
          title={title}
          subtitle={patient
            ? `MRN ${patient.mrn} · changes are recorded in the clinic's activity log`
            : `A medical record number is assigned when you save.`}
        />
        <PatientForm
          action={patient ? `/patients/${patient.id}/edit` : "/patients/new"}
          values={state.values}
          errors={state.errors}
          options={formOptions(access)}
          submitLabel={patient ? "Save changes" : "Register patient"}
          cancelHref={patient ? `/patients/${patient.id}` : "/patients"}
        />
      </div>,
    ),
    status,
  );
}

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

function TabPlaceholder({ tab }: { tab: PatientTabKey }) {
  const copy = PATIENT_TABS.find((t) => t.key === tab)!;
  return (
    <Card>
      <div class="px-5 py-12 text-center" data-tab-placeholder={tab}>
        <span class="mx-auto grid h-12 w-12 place-items-center rounded-full bg-brand-50 text-brand-600">
          <Icon name={copy.icon} class="h-6 w-6" />
        </span>
        <p class="mt-3 text-sm font-medium text-slate-900">{copy.emptyTitle}</p>
        <p class="mx-auto mt-1 max-w-md text-sm text-slate-500">{copy.emptyText}</p>
      </div>
    </Card>
  );
}

export const patientRoutes = new Hono<AppEnv>()
  .get("/patients", staffPage, pageAllows(PAGE_ACCESS.patients), async (c) => {
    const { deps, principal } = c.var;
    const me = await loadStaffContext(deps, principal);
    const access = memberOf(me);
    const query = (c.req.query("q") ?? "").trim().slice(0, 200);
    const pageNumber = Math.max(
      1,
      Math.min(Number.parseInt(c.req.query("page") ?? "1") || 1, 40_000),
    );
    const page = await listPatients(deps.db, deps.config.encryptionKey, access, {
      query,
      limit: DEFAULT_PAGE_SIZE,
      offset: (pageNumber - 1) * DEFAULT_PAGE_SIZE,
    });
    const notice = NOTICES[c.req.query("notice") ?? ""];
    const canCreate = can(access, "patients.create");
    const disclosure = disclosureFor(access);
    const today = clinicToday(new Date(), me.clinic!.timeZone);
    return c.html(shell(
      c,
      me,
      "Patients",
      <>
        <PageHeader
          title="Patients"
          subtitle={query
            ? `${page.total} ${page.total === 1 ? "patient matches" : "patients match"} “${query}”`
            : `${page.total} ${page.total === 1 ? "patient" : "patients"} at ${me.clinic!.name}`}
        >
          {canCreate && (
            <a href="/patients/new" class={PATIENT_PRIMARY_BUTTON} data-new-patient>
              <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" class="h-4 w-4">
                <path d="M10 4a.75.75 0 0 1 .75.75v4.5h4.5a.75.75 0 0 1 0 1.5h-4.5v4.5a.75.75 0 0 1-1.5 0v-4.5h-4.5a.75.75 0 0 1 0-1.5h4.5v-4.5A.75.75 0 0 1 10 4" />
              </svg>
              New patient
            </a>
          )}
        </PageHeader>
        {notice && <Notice tone="success">{notice}</Notice>}
        <Card>
          <form
            method="get"
            action="/patients"
            role="search"
            class="flex gap-2 border-b border-slate-100 p-4 sm:px-5"
          >
            <label for="patient-search" class="sr-only">Search patients</label>
            <input
              id="patient-search"
              name="q"
              type="search"
              value={query}
              maxLength={200}
              autoComplete="off"
              placeholder={disclosure.contact ? "Name, MRN or phone" : "Name or MRN"}
              class={`${PATIENT_INPUT} flex-1`}
            />
            <button type="submit" class={PATIENT_SECONDARY_BUTTON}>Search</button>
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
            : <PatientList patients={page.patients} today={today} contact={disclosure.contact} />}
          {page.total > 0 && (
            <PatientPager
              total={page.total}
              offset={page.offset}
              limit={page.limit}
              href={(n) => listHref(query, n)}
            />
          )}
        </Card>
      </>,
    ));
  })
  .get("/patients/new", staffPage, pageRequires("patients.create"), async (c) => {
    const me = await loadStaffContext(c.var.deps, c.var.principal);
    return renderForm(c, { me, values: {} });
  })
  .post("/patients/new", staffPage, pageRequires("patients.create"), async (c) => {
    const { deps, principal } = c.var;
    const me = await loadStaffContext(deps, principal);
    const access = memberOf(me);
    const fields = await formFields(c);
    const body = submitted(fields, formOptions(access));
    const parsed = newPatientSchema.safeParse(body);
    if (!parsed.success) {
      const errors = issuesByField(parsed.error.issues);
      return renderForm(c, { me, values: formValues(fields, body), errors }, 400);
    }
    let patient: Patient;
    try {
      patient = await createPatient(deps.db, deps.config.encryptionKey, {
        access,
        actorId: principal.userId,
        fields: parsed.data,
      });
    } catch (error) {
      if (!isUserError(error)) throw error;
      const field = String(error.extra.field ?? "form");
      const errors = { [field]: error.message };
      return renderForm(c, { me, values: formValues(fields, body), errors }, 400);
    }
    return c.redirect(`/patients/${patient.id}?notice=created`, 303);
  })
  .get("/patients/:id", staffPage, pageRequires("patients.view"), async (c) => {
    const { deps, principal } = c.var;
    const me = await loadStaffContext(deps, principal);
    const access = memberOf(me);
    const patient = await getPatient(deps.db, deps.config.encryptionKey, access, c.req.param("id"));
    const tabs = PATIENT_TABS.filter((t) => !t.permission || can(access, t.permission));
    const requested = c.req.query("tab") ?? "overview";
    const tab = tabs.find((t) => t.key === requested)?.key ?? "overview";
    const disclosure = disclosureFor(access);
    const now = new Date();
    const timeZone = me.clinic!.timeZone;
    const today = clinicToday(now, timeZone);
    const notice = NOTICES[c.req.query("notice") ?? ""];
    const clinicalPanel = await clinicalTabPanel(c, access, timeZone, patient.id, tab);
    const radiologyPanel = tab === "radiology"
      ? await radiologyTabPanel(deps, access, timeZone, patient.id, c.req.query())
      : null;
    const canBook = can(access, "appointments.create");
    const bookHref = `/appointments/new?patient=${patient.id}`;
    const appointmentLists = tab === "appointments"
      ? await listPatientAppointments(deps.db, access.clinicId, patient.id)
      : null;
    const activity = tab === "overview" && can(access, "patients.activity.view")
      ? await listPatientActivity(deps.db, access.clinicId, patient.id)
      : null;
    return c.html(shell(
      c,
      me,
      patient.fullName,
      <>
        <BackLink href="/patients" label="Patients" />
        <div class="mb-6 flex flex-col gap-4 sm:flex-row sm:items-center sm:justify-between">
          <div class="flex min-w-0 items-center gap-4">
            <PatientAvatar name={patient.fullName} size="lg" />
            <div class="min-w-0">
              <h1 class="truncate text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">
                {patient.fullName}
              </h1>
              <p class="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-slate-500">
                <span class="font-mono">{patient.mrn}</span>
                {ageAndGender(patient, today) && <span>· {ageAndGender(patient, today)}</span>}
                {patient.medicalAlerts && <PatientAlertBadge />}
              </p>
            </div>
          </div>
          <div class="flex flex-wrap gap-2">
            {can(access, "patients.edit") && (
              <a
                href={`/patients/${patient.id}/edit`}
                class={PATIENT_SECONDARY_BUTTON}
                data-edit-patient
              >
                Edit patient
              </a>
            )}
            {canBook && (
              <a href={bookHref} class={PATIENT_PRIMARY_BUTTON} data-new-appointment>
                New appointment
              </a>
            )}
          </div>
        </div>
        {notice && <Notice tone="success">{notice}</Notice>}
        <PatientTabs patientId={patient.id} tabs={tabs} current={tab} />
        {tab === "overview"
          ? (
            // Alerts come first on a phone; on a wide screen they head the side column.
            <div class="grid grid-cols-1 items-start gap-6 lg:grid-cols-3 lg:grid-rows-[auto_1fr]">
              {disclosure.alerts && (
                <div class="lg:col-start-3 lg:row-start-1">
                  <PatientAlerts alerts={patient.medicalAlerts} />
                </div>
              )}
              <div class="lg:col-span-2 lg:col-start-1 lg:row-span-2 lg:row-start-1">
                <PatientCard
                  patient={patient}
                  today={today}
                  contact={disclosure.contact}
                  whatsapp={disclosure.whatsapp}
                />
              </div>
              <div class="space-y-6 lg:col-start-3">
                <Card title="Record">
                  <dl class="divide-y divide-slate-100 text-sm">
                    <div class="flex justify-between gap-4 px-5 py-3">
                      <dt class="text-slate-500">Registered</dt>
                      <dd class="text-right font-medium text-slate-900">
                        {formatDateTime(patient.createdAt, timeZone)}
                      </dd>
                    </div>
                    <div class="flex justify-between gap-4 px-5 py-3">
                      <dt class="text-slate-500">Last updated</dt>
                      <dd class="text-right font-medium text-slate-900">
                        {formatDateTime(patient.updatedAt, timeZone)}
                      </dd>
                    </div>
                  </dl>
                </Card>
                {activity && <PatientActivity entries={activity} timeZone={timeZone} />}
              </div>
            </div>
          )
          : appointmentLists
          ? (
            <PatientAppointments
              lists={appointmentLists}
              timeZone={timeZone}
              bookHref={canBook ? bookHref : undefined}
            />
          )
          : clinicalPanel ?? radiologyPanel ?? <TabPlaceholder tab={tab} />}
      </>,
    ));
  })
  .get("/patients/:id/edit", staffPage, pageRequires("patients.edit"), async (c) => {
    const { deps, principal } = c.var;
    const me = await loadStaffContext(deps, principal);
    const patient = await getPatient(
      deps.db,
      deps.config.encryptionKey,
      memberOf(me),
      c.req.param("id"),
    );
    return renderForm(c, { me, patient, values: patient });
  })
  .post("/patients/:id/edit", staffPage, pageRequires("patients.edit"), async (c) => {
    const { deps, principal } = c.var;
    const me = await loadStaffContext(deps, principal);
    const access = memberOf(me);
    const { encryptionKey } = deps.config;
    const patient = await getPatient(deps.db, encryptionKey, access, c.req.param("id"));
    const fields = await formFields(c);
    const body = submitted(fields, formOptions(access));
    const parsed = patientChangesSchema.safeParse(body);
    if (!parsed.success) {
      const errors = issuesByField(parsed.error.issues);
      return renderForm(c, { me, patient, values: formValues(fields, body), errors }, 400);
    }
    try {
      await updatePatient(deps.db, encryptionKey, {
        access,
        actorId: principal.userId,
        patientId: patient.id,
        changes: parsed.data,
      });
    } catch (error) {
      if (!isUserError(error)) throw error;
      const field = String(error.extra.field ?? "form");
      const errors = { [field]: error.message };
      return renderForm(c, { me, patient, values: formValues(fields, body), errors }, 400);
    }
    return c.redirect(`/patients/${patient.id}?notice=updated`, 303);
  });
