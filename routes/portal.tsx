/**
 * The patient portal: the patient's appointments (confirm or cancel an
 * upcoming one through the respond flow) with the clinic's contact details,
 * and their own details. Every page declares `portalPage()`; every query is
 * scoped by the signed-in patient and their clinic, so another patient's
 * appointment answers 404.
 */
import { Hono } from "hono";
import { CancelAskPage } from "../components/portal/CancelAskPage.tsx";
import { PortalHomePage } from "../components/portal/PortalHomePage.tsx";
import { PortalProfilePage } from "../components/portal/PortalProfilePage.tsx";
import { submitForm } from "../lib/http/form.ts";
import { notFound } from "../lib/errors.ts";
import { answerOwnAppointment, listOwnAppointments } from "../lib/portal/appointments.ts";
import { readClinicContact } from "../lib/portal/clinic-contact.ts";
import {
  clinicHasWhatsapp,
  postedDetailValues,
  readOwnDetails,
} from "../lib/portal/patient-details.ts";
import { profileForm, saveOwnDetails } from "../lib/portal/profile.ts";
import { type PortalEnv, portalPage } from "./portal-kit.tsx";

const today = () => new Date().toISOString().slice(0, 10);

export const portalRoutes = new Hono<PortalEnv>()
  .get("/portal", portalPage(), async (c) => {
    const { db } = c.var.deps;
    const { patient } = c.var;
    const now = new Date();
    const [appointments, contact] = await Promise.all([
      listOwnAppointments(db, patient, now),
      readClinicContact(db, patient.clinicId),
    ]);
    return c.render(
      <PortalHomePage
        patientName={patient.patientName}
        clinicName={patient.clinicName}
        appointments={appointments}
        contact={contact}
        timeZone={patient.timeZone}
        now={now}
        notice={c.req.query("notice")}
      />,
      { title: "Appointments", current: "/portal" },
    );
  })
  .post("/portal/appointments/:id/confirm", portalPage(), async (c) => {
    const { deps, patient } = c.var;
    const answer = await answerOwnAppointment(deps, {
      patient,
      appointmentId: c.req.param("id"),
      action: "confirm",
      encryptionKey: deps.config.encryptionKey,
    });
    return c.redirect(`/portal?notice=${answer.alreadyProcessed ? "already" : "confirmed"}`, 303);
  })
  .get("/portal/appointments/:id/cancel", portalPage(), async (c) => {
    const { deps, patient } = c.var;
    const { upcoming } = await listOwnAppointments(deps.db, patient);
    const appointment = upcoming.find((a) => a.id === c.req.param("id"));
    if (!appointment) throw notFound("Appointment not found");
    if (!appointment.actions.includes("cancel")) return c.redirect("/portal?notice=already", 303);
    return c.render(<CancelAskPage appointment={appointment} timeZone={patient.timeZone} />, {
      title: "Cancel appointment",
      current: "/portal",
    });
  })
  .post("/portal/appointments/:id/cancel", portalPage(), async (c) => {
    const { deps, patient } = c.var;
    const answer = await answerOwnAppointment(deps, {
      patient,
      appointmentId: c.req.param("id"),
      action: "cancel",
      encryptionKey: deps.config.encryptionKey,
    });
    return c.redirect(`/portal?notice=${answer.alreadyProcessed ? "already" : "cancelled"}`, 303);
  })
  .get("/portal/profile", portalPage(), async (c) => {
    const { deps, patient } = c.var;
    const whatsapp = await clinicHasWhatsapp(deps.db, patient.clinicId);
    const details = await readOwnDetails(deps.db, deps.config.encryptionKey, patient, {
      whatsapp,
    });
    return c.render(
      <PortalProfilePage
        details={details}
        values={details}
        whatsapp={whatsapp}
        saved={c.req.query("saved") === "1"}
        today={today()}
      />,
      { title: "My details", current: "/portal/profile" },
    );
  })
  .post("/portal/profile", portalPage(), async (c) => {
    const { deps, patient } = c.var;
    const secret = deps.config.encryptionKey;
    const whatsapp = await clinicHasWhatsapp(deps.db, patient.clinicId);
    return await submitForm(c, profileForm({ whatsapp }), {
      onValid: async (changes) => {
        await saveOwnDetails(deps.db, secret, { ...patient, changes });
        return c.redirect("/portal/profile?saved=1", 303);
      },
      onProblem: async (values, problem) => {
        const details = await readOwnDetails(deps.db, secret, patient, { whatsapp });
        return c.render(
          <PortalProfilePage
            details={details}
            values={postedDetailValues(values)}
            problem={problem}
            whatsapp={whatsapp}
            saved={false}
            today={today()}
          />,
          { title: "My details", current: "/portal/profile" },
        );
      },
    });
  });
