/**
 * The portal's page kit, as `_page.tsx` is the staff pages': `portalPage()`
 * is the one middleware a signed-in portal page declares. It runs the patient
 * guard (`lib/portal/guard.ts`) and wraps `c.render` in the portal's shell.
 *
 * @example
 * ```tsx
 * portal.get("/portal", portalPage(), (c) => c.render(<Home />, { title: "Appointments" }));
 * ```
 */
import type { MiddlewareHandler } from "hono";
import { PortalShell } from "../components/portal/PortalShell.tsx";
import type { AppEnv } from "../lib/http/app-env.ts";
import { declarePage } from "../lib/pages/guard.ts";
import { portalGuard, type PortalScope } from "../lib/portal/guard.ts";
import { renderDocument } from "./_document.ts";
// `c.render(content, head)` is the page kit's renderer signature, declared there.
import type { PageHead } from "./_page.tsx";

export type PortalEnv = AppEnv & PortalScope;

export function portalPage(): MiddlewareHandler<PortalEnv> {
  const guard = portalGuard();
  return declarePage<MiddlewareHandler<PortalEnv>>(async (c, next) =>
    await guard(c, async () => {
      c.setRenderer((content, head: PageHead) => {
        const { patient } = c.var;
        return c.html(renderDocument(
          <PortalShell
            clinicName={patient.clinicName}
            patientName={patient.patientName}
            current={head.current ?? new URL(c.req.url).pathname}
          >
            {content}
          </PortalShell>,
          { title: `${head.title} · ${patient.clinicName}` },
        ));
      });
      await next();
    })
  );
}
