/**
 * Patient pages: the list with search and paging, the record with its tabs,
 * and full-page forms to register and edit (the edit page also carries the
 * patient's tags, which discount policies ask for). Forms post as plain HTML, check
 * the same permissions and call the same lib functions as /api/v1/patients,
 * then redirect back with a notice.
 */
import { type Context, Hono } from "hono";
import { PatientListPage } from "../components/patients/PatientListPage.tsx";
import { PatientRecordPage } from "../components/patients/PatientRecordPage.tsx";
import { PatientFormPage, patientFormTitle } from "../components/patients/PatientFormPage.tsx";
import { RadiologyTab } from "../components/RadiologyTab.tsx";
import { loadRadiologyTab } from "../lib/radiology/tab.ts";
import { taggedTeeth } from "../lib/radiology/tagged-teeth.ts";
import { aiFindingTeeth } from "../lib/dicom/analysis/finding-teeth.ts";
import { plannedBadges } from "../lib/treatment/pages.ts";
import {
  patientTagList,
  patientTagsForm,
  setPatientTags,
  tagSuggestions,
} from "../lib/treatment/patient-tags.ts";
import type { PatientTagsState } from "../components/patients/PatientTagsCard.tsx";
import type { AppEnv, ClinicScope, StaffPageScope } from "../lib/http/app-env.ts";
import { type FormProblem, parseFormValues, submitForm } from "../lib/http/form.ts";
import { can } from "../lib/permissions/access.ts";
import { chartPermissions, notePermissions } from "../lib/clinical/permissions.ts";
import {
  newPatientForm,
  patientChangesForm,
  patientFormOptions,
  type PatientFormValues,
  patientFormValues,
  patientSearchForm,
} from "../lib/patients/form.ts";
import { patientRecord } from "../lib/patients/record-tabs.ts";
import { patientWhatsappTab } from "./whatsapp.tsx";
import { patientBillingTab } from "./billing.tsx";
import {
  createPatient,
  DEFAULT_PAGE_SIZE,
  disclosureFor,
  getPatient,
  listPatients,
  type Patient,
  updatePatient,
} from "../lib/patients/records.ts";
import { mayOpen, PAGE_ACCESS } from "../lib/permissions/page-access.ts";
import { staffPage } from "./_page.tsx";
import { chartView } from "../lib/clinical/odontogram-geometry.ts";
import { parseCalendarDate } from "../lib/calendar/calendar-dates.ts";

type PageContext = Context<AppEnv & StaffPageScope & ClinicScope>;

/** The tags card of the edit page, as saved. */
async function tagsState(c: PageContext, patientId: string): Promise<PatientTagsState> {
  const [saved, suggestions] = await Promise.all([
    patientTagList(c.var.deps.db, c.var.clinicId, patientId),
    tagSuggestions(c.var.deps.db, c.var.clinicId),
  ]);
  return { text: saved.join(", "), saved, suggestions };
}

/** A permission guard passed, so the member has a clinic and its access. */
const memberOf = (c: PageContext) => ({ access: c.var.me.access!, clinic: c.var.me.clinic! });

function renderForm(
  c: PageContext,
  state: {
    patient?: Patient;
    values: PatientFormValues;
    problem?: FormProblem;
    tags?: PatientTagsState;
    notice?: string;
  },
) {
  const { patient, values, problem } = state;
  // A problem without a field is about the whole form.
  const errors = problem &&
    (Object.keys(problem.fields).length ? problem.fields : { form: problem.message });
  return c.render(
    <PatientFormPage
      patient={patient}
      values={values}
      errors={errors}
      options={patientFormOptions(memberOf(c).access)}
      tags={state.tags}
      notice={state.notice}
    />,
    { title: patientFormTitle(patient), current: "/patients" },
  );
}

export const patientRoutes = new Hono<AppEnv>()
  .get("/patients", staffPage(PAGE_ACCESS.patients), async (c) => {
    const { deps } = c.var;
    const { access, clinic } = memberOf(c);
    const { q, page } = parseFormValues(patientSearchForm, c.req.query());
    const found = await listPatients(deps.db, deps.config.encryptionKey, access, {
      query: q,
      limit: DEFAULT_PAGE_SIZE,
      offset: (page - 1) * DEFAULT_PAGE_SIZE,
    });
    return c.render(
      <PatientListPage
        page={found}
        query={q}
        clinicName={clinic.name}
        canCreate={can(access, "patients.create")}
        contact={disclosureFor(access).contact}
        notice={c.req.query("notice")}
        now={new Date()}
        timeZone={clinic.timeZone}
      />,
      { title: "Patients", current: "/patients" },
    );
  })
  .get(
    "/patients/new",
    staffPage({ permission: "patients.create" }),
    (c) => renderForm(c, { values: {} }),
  )
  .post("/patients/new", staffPage({ permission: "patients.create" }), (c) => {
    const { deps, me } = c.var;
    const { access } = memberOf(c);
    const options = patientFormOptions(access);
    return submitForm(c, newPatientForm(options), {
      onValid: async (fields) => {
        const patient = await createPatient(deps.db, deps.config.encryptionKey, {
          access,
          actorId: me.user.id,
          fields,
        });
        return c.redirect(`/patients/${patient.id}?notice=created`, 303);
      },
      onProblem: (values, problem) =>
        renderForm(c, { values: patientFormValues(values, options), problem }),
    });
  })
  .get("/patients/:id", staffPage({ permission: "patients.view" }), async (c) => {
    const { deps } = c.var;
    const { access, clinic } = memberOf(c);
    const record = await patientRecord(deps.db, deps.config.encryptionKey, access, {
      patientId: c.req.param("id"),
      tab: c.req.query("tab"),
    });
    const { patient, panel } = record;
    const onChart = panel.tab === "chart";
    const [xrayTeeth, aiTeeth, planned] = await Promise.all([
      onChart && can(access, "radiology.view")
        ? taggedTeeth(deps.db, c.var.clinicId, patient.id)
        : new Map<string, number>(),
      onChart && mayOpen({ permission: "radiology.view", module: "dicom_ai" }, access)
        ? aiFindingTeeth(deps.db, c.var.clinicId, patient.id)
        : undefined,
      onChart && can(access, "treatment.plans.view")
        ? plannedBadges(deps.db, c.var.clinicId, patient.id)
        : {},
    ]);
    const radiology = panel.tab === "radiology"
      ? (
        <RadiologyTab
          tab={await loadRadiologyTab(deps.db, access, patient.id, c.req.query(), {
            kv: deps.kv,
            ai: deps.config.ai,
            now: new Date(),
          })}
          timeZone={clinic.timeZone}
        />
      )
      : null;
    return c.render(
      <PatientRecordPage
        record={record}
        disclosure={disclosureFor(access)}
        may={{
          edit: can(access, "patients.edit"),
          book: can(access, "appointments.create"),
          notes: notePermissions(access, c.var.me.user.id),
          chart: chartPermissions(access),
        }}
        timeZone={clinic.timeZone}
        now={new Date()}
        notice={c.req.query("notice")}
        clinicalNotice={c.req.query("clinical")}
        dentition={chartView(c.req.query("dentition"))}
        chartAsOf={parseCalendarDate(c.req.query("asOf")) ?? undefined}
        xrayTeeth={xrayTeeth}
        aiTeeth={aiTeeth}
        plannedBadges={planned}
        radiology={radiology}
        billing={panel.tab === "billing"
          ? await patientBillingTab(deps.db, c.var.clinicId, access, patient.id)
          : null}
        whatsapp={panel.tab === "whatsapp"
          ? await patientWhatsappTab(deps, c.var.me, patient.id)
          : null}
      />,
      { title: patient.fullName, current: "/patients" },
    );
  })
  .get("/patients/:id/edit", staffPage({ permission: "patients.edit" }), async (c) => {
    const { deps } = c.var;
    const { encryptionKey } = deps.config;
    const patient = await getPatient(deps.db, encryptionKey, memberOf(c).access, c.req.param("id"));
    return renderForm(c, {
      patient,
      values: patient,
      tags: await tagsState(c, patient.id),
      notice: c.req.query("notice") === "tags" ? "Tags saved." : undefined,
    });
  })
  .post("/patients/:id/edit", staffPage({ permission: "patients.edit" }), async (c) => {
    const { deps, me } = c.var;
    const { encryptionKey } = deps.config;
    const { access } = memberOf(c);
    const patient = await getPatient(deps.db, encryptionKey, access, c.req.param("id"));
    const options = patientFormOptions(access);
    return submitForm(c, patientChangesForm(options), {
      onValid: async (changes) => {
        await updatePatient(deps.db, encryptionKey, {
          access,
          actorId: me.user.id,
          patientId: patient.id,
          changes,
        });
        return c.redirect(`/patients/${patient.id}?notice=updated`, 303);
      },
      onProblem: async (values, problem) =>
        renderForm(c, {
          patient,
          values: patientFormValues(values, options),
          problem,
          tags: await tagsState(c, patient.id),
        }),
    });
  })
  .post("/patients/:id/tags", staffPage({ permission: "patients.edit" }), async (c) => {
    const { deps, me } = c.var;
    const patient = await getPatient(
      deps.db,
      deps.config.encryptionKey,
      memberOf(c).access,
      c.req.param("id"),
    );
    return submitForm(c, patientTagsForm, {
      onValid: async ({ tags }) => {
        await setPatientTags(deps.db, {
          clinicId: c.var.clinicId,
          actorId: me.user.id,
          patientId: patient.id,
          text: tags,
        });
        return c.redirect(`/patients/${patient.id}/edit?notice=tags`, 303);
      },
      onProblem: async (values, problem) =>
        renderForm(c, {
          patient,
          values: patient,
          tags: {
            ...await tagsState(c, patient.id),
            text: values.tags ?? "",
            error: problem.fields.tags ?? problem.message,
          },
        }),
    });
  });
