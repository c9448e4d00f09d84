import { Hono } from "hono";
import type { AppEnv } from "../lib/http/app-env.ts";

export const whatsappRoutes = new Hono<AppEnv>();
