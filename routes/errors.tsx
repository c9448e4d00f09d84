/** 404 and error pages for browsers; API paths get JSON from the error handler instead. */
import type { Context } from "hono";
import { AuthLayout, Panel } from "../components/AuthLayout.tsx";
import { renderDocument } from "./_document.ts";

const COPY: Record<number, { title: string; text: string }> = {
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
  const html = renderDocument(
    <AuthLayout>
      <Panel>
        <p class="text-sm font-semibold text-brand-600">Error {status}</p>
        <h1 class="mt-2 text-2xl font-semibold tracking-tight text-slate-900">{copy.title}</h1>
        <p class="mt-3 text-slate-600">{detail}</p>
        <div class="mt-6 flex flex-wrap gap-3">
          <a
            href="/dashboard"
            class="inline-flex items-center rounded-lg bg-brand-600 px-4 py-2.5 text-sm font-semibold text-white hover:bg-brand-700"
          >
            Go to dashboard
          </a>
          <a
            href="/login"
            class="inline-flex items-center rounded-lg px-4 py-2.5 text-sm font-semibold text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50"
          >
            Sign in
          </a>
        </div>
      </Panel>
    </AuthLayout>,
    { title: copy.title },
  );
  return c.html(html, status as 404);
}

export function notFoundPage(c: Context): Response {
  if (new URL(c.req.url).pathname.startsWith("/api/")) {
    return c.json({ error: "Not found", code: "NOT_FOUND" }, 404);
  }
  return errorPage(c, 404);
}
