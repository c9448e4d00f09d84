/**
 * The public page behind an invitation link: whoever holds the link sets up
 * their account (or confirms an existing one) and joins the clinic. Plain
 * HTML forms, no script. A link that no longer works gets a page saying why.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import type { VNode } from "preact";
import { AuthLayout, Panel } from "../components/AuthLayout.tsx";
import type { AppEnv } from "../lib/http/app-env.ts";
import { AppError, tooManyRequests } from "../lib/errors.ts";
import { renderDocument } from "./_document.ts";
import { clearRateLimit, hitRateLimit, peekRateLimit } from "../lib/auth/rate-limit.ts";
import {
  acceptInvitation,
  type InvitationPreview,
  MIN_PASSWORD_LENGTH,
  previewInvitation,
} from "../lib/staff/invitations.ts";

const ROLE_NAMES: Record<string, string> = {
  admin: "an admin",
  doctor: "a doctor",
  nurse: "a nurse",
  reception: "a receptionist",
};

const INPUT =
  "mt-1.5 block w-full rounded-lg border border-slate-300 px-3.5 py-2.5 text-slate-900 shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30";

function Field(
  { id, label, password, autocomplete, value, hint, readOnly, minLength }: {
    id: string;
    label: string;
    password?: boolean;
    autocomplete: string;
    value?: string;
    hint?: string;
    readOnly?: boolean;
    minLength?: number;
  },
) {
  const attributes = {
    id,
    name: readOnly ? undefined : id,
    autocomplete,
    required: !readOnly,
    readOnly,
    minLength,
    maxLength: password ? 1024 : 200,
    value,
    "aria-describedby": hint ? `${id}-hint` : undefined,
    class: `${INPUT} ${readOnly ? "bg-slate-50 text-slate-600" : ""}`,
  };
  return (
    <div>
      <label for={id} class="block text-sm font-medium text-slate-700">{label}</label>
      {password ? <input type="password" {...attributes} /> : <input type="text" {...attributes} />}
      {hint && <p id={`${id}-hint`} class="mt-1.5 text-xs text-slate-500">{hint}</p>}
    </div>
  );
}

function AcceptPage(
  { preview, token, name, error }: {
    preview: InvitationPreview;
    token: string;
    name?: string;
    error?: string;
  },
) {
  const { invitation, clinicName, hasAccount } = preview;
  return (
    <AuthLayout>
      <Panel>
        <p class="text-sm font-semibold text-brand-600">Invitation</p>
        <h1 class="mt-1 text-2xl font-semibold tracking-tight text-slate-900">
          Join {clinicName}
        </h1>
        <p class="mt-2 text-sm text-slate-600">
          You have been invited to join <strong class="text-slate-900">{clinicName}</strong> as{" "}
          {ROLE_NAMES[invitation.role] ?? invitation.role} on OdontoX. {hasAccount
            ? "You already have an account: enter its password to add this clinic."
            : "Set up your account to get started."}
        </p>
        {error && (
          <p
            role="alert"
            class="mt-5 rounded-lg bg-red-50 px-4 py-3 text-sm text-red-700 ring-1 ring-red-200"
          >
            {error}
          </p>
        )}
        <form method="post" action={`/invite/${token}`} class="mt-6 space-y-5">
          <Field
            id="email"
            label="Email"
            autocomplete="username"
            value={invitation.email}
            readOnly
          />
          {hasAccount
            ? (
              <Field
                id="password"
                label="Your OdontoX password"
                password
                autocomplete="current-password"
              />
            )
            : (
              <>
                <Field id="name" label="Your full name" autocomplete="name" value={name} />
                <Field
                  id="password"
                  label="Choose a password"
                  password
                  autocomplete="new-password"
                  minLength={MIN_PASSWORD_LENGTH}
                  hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
                />
                <Field
                  id="confirm"
                  label="Confirm password"
                  password
                  autocomplete="new-password"
                  minLength={MIN_PASSWORD_LENGTH}
                />
              </>
            )}
          <button
            type="submit"
            class="w-full rounded-lg bg-brand-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 focus:outline-none focus:ring-2 focus:ring-brand-500/50 focus:ring-offset-2"
          >
            {hasAccount ? `Join ${clinicName}` : "Create account and join"}
          </button>
        </form>
        <p class="mt-5 text-xs text-slate-500">
          Not expecting this? You can ignore it; nothing happens until the form is sent. The link
          expires on{" "}
          <time dateTime={invitation.expiresAt.toISOString()}>
            {invitation.expiresAt.toLocaleDateString("en-GB", {
              day: "numeric",
              month: "long",
              year: "numeric",
              timeZone: "UTC",
            })}
          </time>.
        </p>
      </Panel>
    </AuthLayout>
  );
}

const LINK_TITLES: Record<string, string> = {
  INVITATION_EXPIRED: "This invitation has expired",
  INVITATION_REVOKED: "This invitation was withdrawn",
  INVITATION_USED: "This invitation has been used",
  INVITATION_INVALID: "This link does not work",
};

function LinkProblemPage({ error }: { error: AppError }) {
  const used = error.code === "INVITATION_USED";
  return (
    <AuthLayout>
      <Panel>
        <p class="text-sm font-semibold text-brand-600">Invitation</p>
        <h1 class="mt-1 text-2xl font-semibold tracking-tight text-slate-900">
          {LINK_TITLES[error.code] ?? "This link does not work"}
        </h1>
        <p class="mt-3 text-slate-600">{error.message}</p>
        <div class="mt-6 flex flex-wrap gap-3">
          <a
            href="/login"
            class={`inline-flex items-center rounded-lg px-4 py-2.5 text-sm font-semibold ${
              used
                ? "bg-brand-600 text-white hover:bg-brand-700"
                : "text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50"
            }`}
          >
            Sign in
          </a>
        </div>
      </Panel>
    </AuthLayout>
  );
}

const isLinkProblem = (error: unknown): error is AppError =>
  error instanceof AppError && error.code in LINK_TITLES;

function render(c: Context<AppEnv>, page: VNode, title: string, status = 200) {
  // The page sits behind a secret link: keep it out of caches.
  c.header("Cache-Control", "no-store");
  return c.html(renderDocument(page, { title }), status as 200);
}

function linkProblem(c: Context<AppEnv>, error: AppError) {
  return render(c, <LinkProblemPage error={error} />, "Invitation", error.status);
}

export const inviteRoutes = new Hono<AppEnv>()
  .get("/invite/:token", async (c) => {
    const token = c.req.param("token");
    try {
      const preview = await previewInvitation(c.var.deps.db, token);
      return render(
        c,
        <AcceptPage preview={preview} token={token} />,
        `Join ${preview.clinicName}`,
      );
    } catch (error) {
      if (isLinkProblem(error)) return linkProblem(c, error);
      throw error;
    }
  })
  .post("/invite/:token", async (c) => {
    const { db, kv, config } = c.var.deps;
    const token = c.req.param("token");
    let preview: InvitationPreview;
    try {
      preview = await previewInvitation(db, token);
    } catch (error) {
      if (isLinkProblem(error)) return linkProblem(c, error);
      throw error;
    }
    const form = await c.req.formData().catch(() => new FormData());
    const field = (key: string) => {
      const value = form.get(key);
      return typeof value === "string" ? value : "";
    };
    const name = field("name").trim().slice(0, 200);
    const password = field("password").slice(0, 1024);
    const again = (error: string, status: number) =>
      render(
        c,
        <AcceptPage preview={preview} token={token} name={name} error={error} />,
        `Join ${preview.clinicName}`,
        status,
      );

    if (!preview.hasAccount) {
      if (!name) return again("Enter your full name.", 400);
      if (password.length < MIN_PASSWORD_LENGTH) {
        return again(`Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`, 400);
      }
      if (password !== field("confirm")) return again("The two passwords do not match.", 400);
    } else if (!password) {
      return again("Enter your password.", 400);
    }

    // Checking an existing account's password here counts like a sign-in
    // attempt, so the form cannot be used to guess it faster than /login.
    const rule = {
      limit: config.loginLimitPerAccount,
      windowSeconds: config.loginLimitWindowSeconds,
    };
    const limitKey = ["login_account", preview.invitation.email];
    if (preview.hasAccount) {
      const limit = await peekRateLimit(kv, limitKey, rule);
      if (!limit.allowed) {
        const error = tooManyRequests(limit.retryAfterSeconds);
        for (const [header, value] of Object.entries(error.headers)) c.header(header, value);
        return again(
          `Too many attempts. Try again in ${Math.ceil(limit.retryAfterSeconds / 60)} minute(s).`,
          429,
        );
      }
    }
    try {
      await acceptInvitation(db, { token, name, password });
    } catch (error) {
      if (isLinkProblem(error)) return linkProblem(c, error);
      if (error instanceof AppError && error.status === 401) {
        await hitRateLimit(kv, limitKey, rule);
        return again("That is not the password of your OdontoX account.", 401);
      }
      if (error instanceof AppError && error.status < 500) {
        return again(error.message, error.status);
      }
      throw error;
    }
    if (preview.hasAccount) await clearRateLimit(kv, limitKey, rule);
    return c.redirect("/login?reason=invited", 303);
  });
