/** The page a lab opens from its shared link, without an account. */
import { Hono } from "hono";
import type { AppEnv } from "../lib/http/app-env.ts";

export const labSharedRoutes = new Hono<AppEnv>();
