/**
 * Lab pages: the dashboard (`/lab`), the full-page case form
 * (`/lab/cases/new`, `/lab/cases/:id/edit`) and the case page with its
 * status moves, notes and shared links. Each form posts here and redirects.
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { AppEnv, ClinicScope, StaffPageScope } from "../lib/http/app-env.ts";
import { type FormProblem, type FormValues, submitForm } from "../lib/http/form.ts";
import { type Access, can } from "../lib/permissions/access.ts";
import { caseFilters } from "../lib/lab/filters.ts";
import { listLabCases } from "../lib/lab/case-queries.ts";
import { labChoices } from "../lib/lab/labs.ts";
import {
  caseFormValues,
  editCaseForm,
  loadCaseFormChoices,
  newCaseForm,
} from "../lib/lab/case-form.ts";
import { createLabCase, updateLabCase } from "../lib/lab/cases.ts";
import { addCaseNote, changeCaseStatus } from "../lib/lab/case-status.ts";
import { loadCasePage } from "../lib/lab/case-page.ts";
import { createCaseLink, revokeCaseLink } from "../lib/lab/shared-links.ts";
import { linkExpiry, sharedLinkUrl } from "../lib/lab/link-urls.ts";
import { dueDate, statusInput } from "../lib/lab/case-input.ts";
import { LabDashboardPage } from "../components/lab/LabDashboardPage.tsx";
import { LabCaseFormPage } from "../components/lab/LabCaseFormPage.tsx";
import { LabCasePage } from "../components/lab/LabCasePage.tsx";
import { PAGE_ACCESS } from "../lib/permissions/page-access.ts";
import { staffPage } from "./_page.tsx";

type PageContext = Context<AppEnv & StaffPageScope & ClinicScope>;
const CURRENT = "/lab";

const NOTICES: Record<string, string> = {
  created: "Case created.",
  saved: "Changes saved.",
  moved: "Status updated.",
  noted: "Note added.",
  revoked: "Link revoked; it stopped working at once.",
};

const linkForm = z.object({ expiresOn: dueDate });
const noteForm = z.object({ note: z.string().trim().min(1, "Write the note").max(2000) });
const statusForm = z.preprocess(
  (form) => ({ ...(form as object), note: (form as FormValues).note || null }),
  statusInput,
);

const access = (c: PageContext) => c.var.me.access as Access;

async function renderCase(
  c: PageContext,
  caseId: string,
  extra: { newLink?: { url: string; expiresAt: string }; error?: string } = {},
) {
  const data = await loadCasePage(
    c.var.deps.db,
    access(c),
    caseId,
    c.var.deps.config.lab.linkDays,
  );
  return c.render(
    <LabCasePage
      {...data}
      newLink={extra.newLink}
      error={extra.error}
      notice={NOTICES[c.req.query("notice") ?? ""] ?? null}
    />,
    { title: `${data.kase.caseNumber} · Lab case`, current: CURRENT },
  );
}

async function renderForm(
  c: PageContext,
  mode: { kind: "new" } | { kind: "edit"; caseId: string; caseNumber: string },
  values: FormValues,
  problem?: FormProblem,
) {
  const choices = await loadCaseFormChoices(
    c.var.deps.db,
    c.var.deps.config.encryptionKey,
    access(c),
    { patientId: values.patientId || undefined },
  );
  return c.render(
    <LabCaseFormPage mode={mode} values={values} choices={choices} problem={problem} />,
    { title: mode.kind === "new" ? "New lab case" : `Edit ${mode.caseNumber}`, current: CURRENT },
  );
}

async function editMode(c: PageContext, caseId: string) {
  const { kase } = await loadCasePage(c.var.deps.db, access(c), caseId, 0);
  return { mode: { kind: "edit" as const, caseId, caseNumber: kase.caseNumber }, kase };
}

export const labRoutes = new Hono<AppEnv>()
  .get("/lab", staffPage(PAGE_ACCESS.lab), async (c) => {
    const params = new URL(c.req.url).searchParams;
    const parsed = caseFilters(params);
    const filters = parsed.ok ? parsed.value : {};
    const { db } = c.var.deps;
    const [board, labs] = await Promise.all([
      listLabCases(db, c.var.clinicId, filters),
      labChoices(db, c.var.clinicId),
    ]);
    return c.render(
      <LabDashboardPage
        board={board}
        filters={filters}
        labs={labs}
        view={params.get("view") === "list" ? "list" : "board"}
        mayCreate={can(access(c), "lab.cases.create")}
        query={params.toString()}
      />,
      { title: "Lab cases", current: CURRENT },
    );
  })
  .get(
    "/lab/cases/new",
    staffPage({ module: "lab", permission: "lab.cases.create" }),
    (c) => {
      const values: FormValues = Object.fromEntries(new URL(c.req.url).searchParams);
      values.patientId ??= values.patient ?? "";
      values.appointmentId ??= values.appointment ?? "";
      return renderForm(c, { kind: "new" }, values);
    },
  )
  .post(
    "/lab/cases/new",
    staffPage({ module: "lab", permission: "lab.cases.create" }),
    (c) =>
      submitForm(c, newCaseForm, {
        onValid: async (values) => {
          const kase = await createLabCase(c.var.deps.db, {
            clinicId: c.var.clinicId,
            actorId: c.var.me.user.id,
            values,
          });
          return c.redirect(`/lab/cases/${kase.id}?notice=created`, 303);
        },
        onProblem: (values, problem) => renderForm(c, { kind: "new" }, values, problem),
      }),
  )
  .get(
    "/lab/cases/:id",
    staffPage({ module: "lab", permission: "lab.cases.view" }),
    (c) => renderCase(c, c.req.param("id")),
  )
  .get(
    "/lab/cases/:id/edit",
    staffPage({ module: "lab", permission: "lab.cases.edit" }),
    async (c) => {
      const { mode, kase } = await editMode(c, c.req.param("id"));
      const query = Object.fromEntries(new URL(c.req.url).searchParams);
      const values = Object.keys(query).length ? query : caseFormValues(kase);
      return renderForm(c, mode, values);
    },
  )
  .post(
    "/lab/cases/:id/edit",
    staffPage({ module: "lab", permission: "lab.cases.edit" }),
    async (c) => {
      const { mode } = await editMode(c, c.req.param("id"));
      return submitForm(c, editCaseForm, {
        onValid: async (changes) => {
          await updateLabCase(c.var.deps.db, {
            clinicId: c.var.clinicId,
            caseId: mode.caseId,
            actorId: c.var.me.user.id,
            changes,
          });
          return c.redirect(`/lab/cases/${mode.caseId}?notice=saved`, 303);
        },
        onProblem: (values, problem) => renderForm(c, mode, values, problem),
      });
    },
  )
  .post(
    "/lab/cases/:id/status",
    staffPage({ module: "lab", permission: "lab.cases.status.update" }),
    (c) => {
      const id = c.req.param("id");
      return submitForm(c, statusForm, {
        onValid: async ({ status, note }) => {
          await changeCaseStatus(c.var.deps.db, {
            clinicId: c.var.clinicId,
            caseId: id,
            to: status,
            note,
            actor: { kind: "staff", userId: c.var.me.user.id },
          });
          return c.redirect(`/lab/cases/${id}?notice=moved`, 303);
        },
        onProblem: (_values, problem) => renderCase(c, id, { error: problem.message }),
      });
    },
  )
  .post(
    "/lab/cases/:id/notes",
    staffPage({ module: "lab", permission: "lab.cases.status.update" }),
    (c) => {
      const id = c.req.param("id");
      return submitForm(c, noteForm, {
        onValid: async ({ note }) => {
          await addCaseNote(c.var.deps.db, {
            clinicId: c.var.clinicId,
            caseId: id,
            note,
            actor: { kind: "staff", userId: c.var.me.user.id },
          });
          return c.redirect(`/lab/cases/${id}?notice=noted`, 303);
        },
        onProblem: (_values, problem) => renderCase(c, id, { error: problem.message }),
      });
    },
  )
  .post(
    "/lab/cases/:id/links",
    staffPage({ module: "lab", permission: "lab.cases.share" }),
    (c) => {
      const id = c.req.param("id");
      const { db, config } = c.var.deps;
      return submitForm(c, linkForm, {
        onValid: async ({ expiresOn }) => {
          const expiresAt = await linkExpiry(db, c.var.clinicId, {
            expiresOn,
            defaultDays: config.lab.linkDays,
          });
          const link = await createCaseLink(db, config.encryptionKey, {
            clinicId: c.var.clinicId,
            caseId: id,
            actorId: c.var.me.user.id,
            expiresAt,
          });
          // The token exists only now: shown once, never stored.
          return renderCase(c, id, {
            newLink: {
              url: sharedLinkUrl(config.appUrl, link.token),
              expiresAt: link.expiresAt.toISOString(),
            },
          });
        },
        onProblem: (_values, problem) => renderCase(c, id, { error: problem.message }),
      });
    },
  )
  .post(
    "/lab/cases/:id/links/:linkId/revoke",
    staffPage({ module: "lab", permission: "lab.cases.share" }),
    async (c) => {
      const id = c.req.param("id");
      await revokeCaseLink(c.var.deps.db, {
        clinicId: c.var.clinicId,
        caseId: id,
        linkId: c.req.param("linkId"),
        actorId: c.var.me.user.id,
      });
      return c.redirect(`/lab/cases/${id}?notice=revoked`, 303);
    },
  );
