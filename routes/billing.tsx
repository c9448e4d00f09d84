import { Hono } from "hono";
import type { AppEnv } from "../lib/http/app-env.ts";

export const billingRoutes = new Hono<AppEnv>();
