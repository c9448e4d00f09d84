/**
 * The public page behind a patient's portal invitation: choose a password,
 * complete the record, and land in the portal signed in. A link that no
 * longer works gets a page saying why.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import type { VNode } from "preact";
import { InviteAcceptPage } from "../components/portal/InviteAcceptPage.tsx";
import { InviteLinkProblemPage } from "../components/portal/InviteLinkProblemPage.tsx";
import type { AppEnv } from "../lib/http/app-env.ts";
import { submitForm } from "../lib/http/form.ts";
import { setPatientSessionCookie } from "../lib/auth/cookies.ts";
import {
  acceptanceForm,
  acceptPatientInvitation,
  isPatientLinkProblem,
  previewPatientInvitation,
} from "../lib/portal/acceptance.ts";
import { openPortalSession } from "../lib/portal/sessions.ts";
import { postedDetailValues } from "../lib/portal/patient-details.ts";
import { renderDocument } from "./_document.ts";
import { publicPage } from "./_page.tsx";

/** The latest birth date the form offers: the record's own rule reads "today" in UTC. */
const today = () => new Date().toISOString().slice(0, 10);

function show(c: Context<AppEnv>, page: VNode, title: string) {
  // The page sits behind a secret link: keep it out of caches and search engines.
  c.header("Cache-Control", "no-store");
  c.header("X-Robots-Tag", "noindex");
  return c.html(renderDocument(page, { title }));
}

async function explainingLinkProblems(c: Context<AppEnv>, work: () => Promise<Response>) {
  try {
    return await work();
  } catch (error) {
    if (!isPatientLinkProblem(error)) throw error;
    c.status(error.status);
    return show(
      c,
      <InviteLinkProblemPage code={error.code} message={error.message} />,
      "Invitation",
    );
  }
}

export const patientInviteRoutes = new Hono<AppEnv>()
  .get("/patient-invite/:token", publicPage(), (c) =>
    explainingLinkProblems(c, async () => {
      const { db, config } = c.var.deps;
      const token = c.req.param("token");
      const preview = await previewPatientInvitation(db, config.encryptionKey, token);
      const page = (
        <InviteAcceptPage
          preview={preview}
          token={token}
          values={preview.details}
          today={today()}
        />
      );
      return show(c, page, `${preview.clinicName} · Patient portal`);
    }))
  .post("/patient-invite/:token", publicPage(), (c) =>
    explainingLinkProblems(c, async () => {
      const { deps } = c.var;
      const token = c.req.param("token");
      const preview = await previewPatientInvitation(deps.db, deps.config.encryptionKey, token);
      return await submitForm(c, acceptanceForm(preview), {
        onValid: async (accepted) => {
          const account = await acceptPatientInvitation(deps, {
            token,
            secret: deps.config.encryptionKey,
            accepted,
          });
          const session = await openPortalSession(
            deps.kv,
            account,
            deps.config.refreshTokenTtlSeconds,
          );
          setPatientSessionCookie(c, session, deps.config.refreshTokenTtlSeconds);
          return c.redirect("/portal?notice=welcome", 303);
        },
        onProblem: (values, problem) =>
          show(
            c,
            <InviteAcceptPage
              preview={preview}
              token={token}
              values={postedDetailValues(values)}
              problem={problem}
              today={today()}
            />,
            `${preview.clinicName} · Patient portal`,
          ),
      });
    }));
