/** What every handler can reach through the Hono context. */
import type { Config } from "../config.ts";
import type { Database, Db } from "../db/client.ts";
import type { AuthService, Principal } from "../auth/auth-service.ts";
import type { Access } from "../permissions/access.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import type { EventHub } from "../events/hub.ts";
import type { DomainHooks } from "../events/domain-hooks.ts";
import type { StaffContext } from "../auth/staff-context.ts";
import type { PrincipalCache } from "../auth/principal-cache.ts";

export interface AppDeps {
  config: Config;
  database: Database;
  db: Db;
  kv: Deno.Kv;
  auth: AuthService;
  /** Uploaded files: X-ray captures, DICOM instances, thumbnails. */
  storage: ObjectStore;
  /** This instance's one LISTEN on the event bus, shared by every SSE stream. */
  events: EventHub;
  /** Signed-in principals' account, membership and access, kept fresh by `events`. */
  principals: PrincipalCache;
  /** This instance's domain hooks: what follows a booking or a status change, with its config. */
  hooks: DomainHooks;
}

export interface AppEnv {
  /** `Deno.serve` passes its handler info as Hono's env; tests pass a stand-in. */
  Bindings: Partial<Deno.ServeHandlerInfo>;
  Variables: {
    deps: AppDeps;
    /** Set by the session middlewares. */
    principal: Principal;
    /** The member's clinic access, memoised by `accessOf`; null for a superadmin. */
    access: Access | null;
  };
}

/**
 * Added to the context by every guard that implies a clinic (a permission or
 * a module): handlers read `c.var.clinicId` as a plain string.
 */
export interface ClinicScope {
  Variables: { clinicId: string };
}

/** Added by the staff-page guard: the signed-in person, loaded once per request. */
export interface StaffPageScope {
  Variables: { me: StaffContext };
}
