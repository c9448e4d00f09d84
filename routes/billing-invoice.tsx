import { Hono } from "hono";
import type { AppEnv } from "../lib/http/app-env.ts";

export const billingInvoiceRoutes = new Hono<AppEnv>();
