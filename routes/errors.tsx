/** 404 and error pages for browsers; API paths get JSON from the error handler instead. */
import type { Context } from "hono";
import { ErrorPage } from "../components/auth/ErrorPage.tsx";
import { renderDocument } from "./_document.ts";

const COPY: Record<number, { title: string; text: string }> = {
  402: {
    title: "Read-only",
    text: "This clinic is read-only; its data can be viewed but not changed.",
  },
  403: { title: "Not allowed", text: "You do not have access to this page." },
  404: {
    title: "Page not found",
    text: "The page you were looking for does not exist or has moved.",
  },
  429: { title: "Too many attempts", text: "Please wait a moment and try again." },
  500: {
    title: "Something went wrong",
    text: "We could not complete that request. The problem has been logged; please try again.",
  },
};

export function errorPage(c: Context, status: number, message?: string): Response {
  const copy = COPY[status] ?? COPY[status >= 500 ? 500 : 404];
  const detail = status < 500 && status !== 404 && message ? message : copy.text;
  return c.html(
    renderDocument(<ErrorPage status={status} title={copy.title} detail={detail} />, {
      title: copy.title,
    }),
    status as 404,
  );
}

export function notFoundPage(c: Context): Response {
  if (new URL(c.req.url).pathname.startsWith("/api/")) {
    return c.json({ error: "Not found", code: "NOT_FOUND" }, 404);
  }
  return errorPage(c, 404);
}
