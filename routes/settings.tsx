/**
 * The Settings hub and its section pages. A member sees the cards for the
 * sections they may open; a section they may read but not change renders
 * read-only ("Receptionist Improvements"), and its form refuses to post.
 */
import { type Context, Hono } from "hono";
import { SettingsHub } from "../components/settings/SettingsHub.tsx";
import { SectionPage } from "../components/settings/SectionPage.tsx";
import { SECTION_PAGES } from "../components/settings/section-fields.ts";
import type { AppEnv, ClinicScope, StaffPageScope } from "../lib/http/app-env.ts";
import { submitForm } from "../lib/http/form.ts";
import { type Access, can } from "../lib/permissions/access.ts";
import {
  readSection,
  saveSection,
  type SectionKey,
  SETTINGS_SECTIONS,
} from "../lib/settings/sections.ts";
import { sectionForm, sectionFormDisplay } from "../lib/settings/forms.ts";
import { subscriptionPlan } from "../lib/settings/subscription.ts";
import { PAGE_ACCESS } from "../lib/permissions/page-access.ts";
import { listLabs } from "../lib/lab/labs.ts";
import { LabsPanel } from "../components/lab/LabsPanel.tsx";
import { staffPage } from "./_page.tsx";

const CURRENT = "/settings";

type SettingsContext = Context<AppEnv & StaffPageScope & ClinicScope>;

async function renderSection(
  c: SettingsContext,
  section: SectionKey,
  refused?: { values: Record<string, unknown>; errors: Record<string, string> },
) {
  const { deps, me, clinicId } = c.var;
  const access = me.access as Access;
  const state = await readSection(deps.db, clinicId, section);
  const labs = section === "lab" && can(access, "lab.labs.view")
    ? (
      <LabsPanel
        labs={await listLabs(deps.db, deps.config.encryptionKey, clinicId)}
        mayManage={can(access, "lab.labs.manage")}
      />
    )
    : null;
  return c.render(
    <SectionPage
      section={section}
      values={refused?.values ?? state.values}
      errors={refused?.errors}
      readOnly={!can(access, SETTINGS_SECTIONS[section].edit)}
      modules={access.modules}
      updatedAt={state.updatedAt}
      timeZone={me.clinic?.timeZone ?? "Asia/Karachi"}
      saved={c.req.query("notice") === "saved"}
      before={labs}
    />,
    { title: SECTION_PAGES[section].title, current: CURRENT },
  );
}

function submitSection(c: SettingsContext, section: SectionKey) {
  return submitForm(c, sectionForm(section), {
    onValid: async (values) => {
      await saveSection(c.var.deps.db, {
        clinicId: c.var.clinicId,
        section,
        values,
        actorId: c.var.principal.userId,
      });
      return c.redirect(`/settings/${section}?notice=saved`, 303);
    },
    onProblem: (values, problem) =>
      renderSection(c, section, {
        values: sectionFormDisplay(section, values),
        errors: problem.fields,
      }),
  });
}

export const settingsRoutes = new Hono<AppEnv>()
  .get("/settings", staffPage(PAGE_ACCESS.settings), async (c) => {
    const { deps, me } = c.var;
    const plan = await subscriptionPlan(deps.db, (me.access as Access).planId);
    return c.render(<SettingsHub me={me} plan={plan} />, { title: "Settings", current: CURRENT });
  })
  .get(
    "/settings/lab",
    staffPage({ module: "lab", permission: "settings.lab.view" }),
    (c) => renderSection(c, "lab"),
  )
  .post(
    "/settings/lab",
    staffPage({ module: "lab", permission: "settings.lab.edit" }),
    (c) => submitSection(c, "lab"),
  )
  .get(
    "/settings/notifications",
    staffPage({ permission: "settings.notifications.view" }),
    (c) => renderSection(c, "notifications"),
  )
  .post(
    "/settings/notifications",
    staffPage({ permission: "settings.notifications.edit" }),
    (c) => submitSection(c, "notifications"),
  )
  .get(
    "/settings/chart",
    staffPage({ permission: "settings.clinic.view" }),
    (c) => renderSection(c, "chart"),
  )
  .post(
    "/settings/chart",
    staffPage({ permission: "settings.clinic.edit" }),
    (c) => submitSection(c, "chart"),
  );
