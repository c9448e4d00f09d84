/**
 * The public page behind an invitation link: whoever holds the link sets up
 * their account (or confirms an existing one) and joins the clinic. Plain
 * HTML forms, no script. A link that no longer works gets a page saying why.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import type { VNode } from "preact";
import { InvitationAcceptPage } from "../components/auth/InvitationAcceptPage.tsx";
import { InvitationLinkProblemPage } from "../components/auth/InvitationLinkProblemPage.tsx";
import type { AppEnv } from "../lib/http/app-env.ts";
import { formProblem, parseFormValues, readFormValues } from "../lib/http/form.ts";
import {
  acceptanceForm,
  isAcceptanceFormProblem,
  isInvitationLinkProblem,
  joinClinic,
} from "../lib/staff/invitation-acceptance.ts";
import { previewInvitation } from "../lib/staff/invitations.ts";
import { renderDocument } from "./_document.ts";
import { publicPage } from "./_page.tsx";

function show(c: Context<AppEnv>, page: VNode, title: string, status = 200) {
  // The page sits behind a secret link: keep it out of caches.
  c.header("Cache-Control", "no-store");
  return c.html(renderDocument(page, { title }), status as 200);
}

/** Whichever step finds the link no longer works, the answer is the page saying why. */
async function explainingLinkProblems(c: Context<AppEnv>, work: () => Promise<Response>) {
  try {
    return await work();
  } catch (error) {
    if (!isInvitationLinkProblem(error)) throw error;
    const page = <InvitationLinkProblemPage code={error.code} message={error.message} />;
    return show(c, page, "Invitation", error.status);
  }
}

export const inviteRoutes = new Hono<AppEnv>()
  .get("/invite/:token", publicPage(), (c) =>
    explainingLinkProblems(c, async () => {
      const token = c.req.param("token");
      const preview = await previewInvitation(c.var.deps.db, token);
      const page = <InvitationAcceptPage preview={preview} token={token} />;
      return show(c, page, `Join ${preview.clinicName}`);
    }))
  .post("/invite/:token", publicPage(), (c) =>
    explainingLinkProblems(c, async () => {
      const token = c.req.param("token");
      const preview = await previewInvitation(c.var.deps.db, token);
      const values = await readFormValues(c);
      try {
        const input = parseFormValues(acceptanceForm(preview.hasAccount), values);
        await joinClinic(c.var.deps, { token, preview, ...input });
      } catch (error) {
        if (!isAcceptanceFormProblem(error)) throw error;
        for (const [header, value] of Object.entries(error.headers)) c.header(header, value);
        const page = (
          <InvitationAcceptPage
            preview={preview}
            token={token}
            values={values}
            problem={formProblem(error)}
          />
        );
        return show(c, page, `Join ${preview.clinicName}`, error.status);
      }
      return c.redirect("/login?reason=invited", 303);
    }));
