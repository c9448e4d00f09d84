/**
 * The periodontal chart pages of a patient: the exams with their chart,
 * summary and comparison, and the keyboard entry of a new exam (which saves
 * through /api/v1/perio).
 */
import { Hono } from "hono";
import type { AppEnv } from "../lib/http/app-env.ts";
import { PAGE_ACCESS } from "../lib/permissions/page-access.ts";
import { can } from "../lib/permissions/access.ts";
import { getPatient } from "../lib/patients/records.ts";
import { loadPerioPage } from "../lib/perio/pages.ts";
import { visitOn } from "../lib/clinical/chart-visits.ts";
import { localDateOf } from "../lib/time/zoned.ts";
import { PerioPage } from "../components/perio/PerioPage.tsx";
import { PerioEntryPage } from "../components/perio/PerioEntryPage.tsx";
import { staffPage } from "./_page.tsx";

export const perioRoutes = new Hono<AppEnv>()
  .get("/patients/:id/perio", staffPage(PAGE_ACCESS.perio), async (c) => {
    const { deps, me } = c.var;
    const access = me.access!;
    const patient = await getPatient(deps.db, deps.config.encryptionKey, access, c.req.param("id"));
    const data = await loadPerioPage(deps.db, c.var.clinicId, patient.id, {
      exam: c.req.query("exam"),
      compare: c.req.query("compare"),
    });
    return c.render(
      <PerioPage
        patientId={patient.id}
        patientName={patient.fullName}
        data={data}
        mayRecord={can(access, "clinical.chart.edit")}
        saved={c.req.query("saved") === "1"}
      />,
      { title: `Perio · ${patient.fullName}`, current: "/patients" },
    );
  })
  .get("/patients/:id/perio/new", staffPage(PAGE_ACCESS.perioEntry), async (c) => {
    const { deps, me } = c.var;
    const patient = await getPatient(
      deps.db,
      deps.config.encryptionKey,
      me.access!,
      c.req.param("id"),
    );
    const timeZone = me.clinic!.timeZone;
    const today = localDateOf(new Date(), timeZone);
    const appointmentId = await visitOn(deps.db, {
      clinicId: c.var.clinicId,
      patientId: patient.id,
      date: today,
      timeZone,
    });
    return c.render(
      <PerioEntryPage
        patientId={patient.id}
        patientName={patient.fullName}
        today={today}
        appointmentId={appointmentId}
      />,
      { title: `New perio exam · ${patient.fullName}`, current: "/patients" },
    );
  });
