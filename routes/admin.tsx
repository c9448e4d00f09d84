/**
 * Superadmin pages for clinics ("Superadmin Dashboard"): the list of clinics,
 * and per clinic the plan assignment form, module switches, the test-account
 * tag and each member's permission override. Each post calls the same lib
 * function as the API.
 */
import { type Context, Hono } from "hono";
import { ClinicPage } from "../components/admin/ClinicPage.tsx";
import { ClinicsPage } from "../components/admin/ClinicsPage.tsx";
import { MemberPermissionsPage } from "../components/admin/MemberPermissionsPage.tsx";
import type { AppEnv, StaffPageScope } from "../lib/http/app-env.ts";
import { type FormProblem, type FormValues, submitForm } from "../lib/http/form.ts";
import {
  assignPlan,
  clinicDetail,
  listClinics,
  listPlans,
  planHistory,
} from "../lib/admin/clinic-plans.ts";
import { setModule, setTestAccount } from "../lib/admin/clinic-modules.ts";
import { moduleSwitchForm, planAssignmentForm, testAccountForm } from "../lib/admin/forms.ts";
import { listMembers, memberPermissions } from "../lib/staff/members.ts";
import { listPendingInvitations } from "../lib/admin/platform-users.ts";
import { staffPage } from "./_page.tsx";

const CURRENT = "/admin/clinics";
const superadmin = staffPage({ superadmin: true });

type AdminContext = Context<AppEnv & StaffPageScope>;

/** The clinic page, after a redirect's notice or with a refused form. */
async function renderClinic(
  c: AdminContext,
  id: string,
  state: { problem?: string; planForm?: { values: FormValues; problem: FormProblem } } = {},
) {
  const db = c.var.deps.db;
  const [detail, plans] = await Promise.all([clinicDetail(db, id), listPlans(db)]);
  const [members, history] = await Promise.all([
    listMembers(db, detail.clinic.id),
    planHistory(db, detail.clinic.id),
  ]);
  return c.render(
    <ClinicPage
      detail={detail}
      plans={plans}
      history={history}
      members={members}
      notice={c.req.query("notice")}
      now={new Date()}
      {...state}
    />,
    { title: detail.clinic.name, current: CURRENT },
  );
}

export const adminRoutes = new Hono<AppEnv>()
  .get("/admin/clinics", superadmin, async (c) => {
    const db = c.var.deps.db;
    const [clinics, invitations] = await Promise.all([
      listClinics(db),
      listPendingInvitations(db),
    ]);
    return c.render(
      <ClinicsPage clinics={clinics} pendingInvitations={invitations.realPending} />,
      { title: "Clinics & plans", current: CURRENT },
    );
  })
  .get("/admin/clinics/:id", superadmin, (c) => renderClinic(c, c.req.param("id")))
  .get("/admin/clinics/:id/members/:memberId", superadmin, async (c) => {
    const db = c.var.deps.db;
    const { clinic } = await clinicDetail(db, c.req.param("id"));
    const permissions = await memberPermissions(db, clinic.id, c.req.param("memberId"));
    return c.render(
      <MemberPermissionsPage clinic={clinic} permissions={permissions} />,
      { title: `${permissions.member.name} · ${clinic.name}`, current: CURRENT },
    );
  })
  .post("/admin/clinics/:id/plan", superadmin, (c) => {
    const id = c.req.param("id");
    return submitForm(c, planAssignmentForm, {
      onValid: async (input) => {
        const assignment = await assignPlan(c.var.deps.db, {
          clinicId: id,
          ...input,
          actorId: c.var.principal.userId,
        });
        const notice = assignment.resetRoles.length ? "plan-reset" : "plan";
        return c.redirect(`/admin/clinics/${id}?notice=${notice}`, 303);
      },
      onProblem: (values, problem) => renderClinic(c, id, { planForm: { values, problem } }),
    });
  })
  .post("/admin/clinics/:id/modules/:moduleKey", superadmin, (c) => {
    const id = c.req.param("id");
    return submitForm(c, moduleSwitchForm, {
      onValid: async ({ enabled }) => {
        await setModule(c.var.deps.db, {
          clinicId: id,
          moduleKey: c.req.param("moduleKey"),
          enabled,
          actorId: c.var.principal.userId,
        });
        return c.redirect(`/admin/clinics/${id}?notice=module`, 303);
      },
      onProblem: (_values, problem) => renderClinic(c, id, { problem: problem.message }),
    });
  })
  .post("/admin/clinics/:id/test-account", superadmin, (c) => {
    const id = c.req.param("id");
    return submitForm(c, testAccountForm, {
      onValid: async ({ isTestAccount }) => {
        await setTestAccount(c.var.deps.db, {
          clinicId: id,
          isTestAccount,
          actorId: c.var.principal.userId,
        });
        return c.redirect(`/admin/clinics/${id}?notice=test-account`, 303);
      },
      onProblem: (_values, problem) => renderClinic(c, id, { problem: problem.message }),
    });
  });
