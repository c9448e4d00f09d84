/** The page served when only the access token lapsed; see `components/auth/ResumePage.tsx`. */
import type { Context } from "hono";
import { ResumePage } from "../components/auth/ResumePage.tsx";
import type { AppEnv } from "../lib/http/app-env.ts";
import { renderDocument } from "./_document.ts";

export function resumePage(c: Context<AppEnv>): Response {
  const url = new URL(c.req.url);
  const refreshLeadMs = c.var.deps.config.refreshLeadSeconds * 1000;
  return c.html(renderDocument(
    <ResumePage next={url.pathname + url.search} refreshLeadMs={refreshLeadMs} />,
    { title: "Resuming session" },
  ));
}
