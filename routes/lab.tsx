/** Lab pages: the dashboard, the case form and the case page. */
import { Hono } from "hono";
import type { AppEnv } from "../lib/http/app-env.ts";

export const labRoutes = new Hono<AppEnv>();
