/**
 * Keeps a staff session alive in every open tab.
 *
 * The access token lives in an HttpOnly cookie, so the page tells us how long
 * it has left. Three minutes before it runs out (configurable), one tab,
 * elected with a Web Lock, calls /api/v1/auth/refresh and broadcasts the new
 * expiry over a BroadcastChannel; sibling tabs wake up inside the same lock,
 * see the newer expiry in localStorage and make no call of their own, which
 * matters because presenting a used refresh token revokes the whole session.
 * A refused refresh sends every tab to /login.
 *
 * Expiries are kept on this browser's clock (server lifetimes are relative),
 * so a PC whose clock is off does not refresh too late or in a loop.
 */
import { useEffect } from "preact/hooks";
import { provideSessionRefresher } from "../lib/islands/session-link.ts";

export interface SessionRuntimeProps {
  /** Milliseconds the current access token had left when the page was rendered. */
  expiresInMs: number;
  refreshLeadMs: number;
  /** "resume": the page was served without a valid access token; refresh now and reload. */
  mode?: "active" | "resume";
}

const CHANNEL = "odontox-session";
const EXPIRY_KEY = "odontox.session.expiresAt";
const LOCK = "odontox-session-refresh";
const NETWORK_RETRY_MS = 5_000;

type Message = { type: "refreshed"; expiresAt: number } | { type: "signed-out" };

function sharedExpiry(): number {
  return Number(localStorage.getItem(EXPIRY_KEY)) || 0;
}

function withRefreshLock(fn: () => Promise<void>): Promise<void> {
  // Web Locks exist in every current browser on a secure context (https or localhost).
  if (navigator.locks) return navigator.locks.request(LOCK, fn);
  return fn();
}

function goToLogin() {
  const next = location.pathname + location.search;
  location.assign(`/login?reason=session-ended&next=${encodeURIComponent(next)}`);
}

export default function SessionRuntime(
  { expiresInMs, refreshLeadMs, mode = "active" }: SessionRuntimeProps,
) {
  useEffect(() => {
    const channel = new BroadcastChannel(CHANNEL);
    let expiry = mode === "active" ? Date.now() + expiresInMs : 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;

    const stop = () => {
      stopped = true;
      clearTimeout(timer);
      localStorage.removeItem(EXPIRY_KEY);
    };

    const adopt = (next: number) => {
      if (next <= expiry) return;
      expiry = next;
      schedule();
      if (mode === "resume") location.reload();
    };

    const signOutEverywhere = () => {
      stop();
      channel.postMessage({ type: "signed-out" } satisfies Message);
    };

    const refresh = () =>
      withRefreshLock(async () => {
        if (stopped) return;
        // A sibling may have refreshed while this tab waited for the lock.
        const shared = sharedExpiry();
        if (shared > expiry && shared > Date.now()) return adopt(shared);
        if (mode === "active" && expiry - refreshLeadMs > Date.now()) return schedule();
        let response: Response;
        try {
          response = await fetch("/api/v1/auth/refresh", {
            method: "POST",
            credentials: "same-origin",
            headers: { "content-type": "application/json" },
            body: "{}",
          });
        } catch {
          timer = setTimeout(refresh, NETWORK_RETRY_MS);
          return;
        }
        if (response.status >= 500) {
          timer = setTimeout(refresh, NETWORK_RETRY_MS);
          return;
        }
        if (!response.ok) {
          signOutEverywhere();
          return goToLogin();
        }
        const body = await response.json() as { expiresInSeconds: number };
        const next = Date.now() + body.expiresInSeconds * 1000;
        localStorage.setItem(EXPIRY_KEY, String(next));
        channel.postMessage({ type: "refreshed", expiresAt: next } satisfies Message);
        adopt(next);
      });

    function schedule() {
      clearTimeout(timer);
      if (stopped) return;
      timer = setTimeout(refresh, Math.max(0, expiry - refreshLeadMs - Date.now()));
    }

    channel.onmessage = (event: MessageEvent<Message>) => {
      if (event.data.type === "refreshed") adopt(event.data.expiresAt);
      if (event.data.type === "signed-out" && !stopped) {
        stop();
        goToLogin();
      }
    };

    // Signing out in one tab signs out all of them, but only once the server
    // has ended the session: told earlier, a sibling would reach /login while
    // the session still lived and be sent straight back to its page.
    const onSubmit = async (event: SubmitEvent) => {
      const form = event.target as HTMLFormElement;
      if (!form.hasAttribute("data-signout")) return;
      event.preventDefault();
      stop();
      try {
        const response = await fetch(form.action, {
          method: "POST",
          credentials: "same-origin",
          body: new FormData(form),
        });
        signOutEverywhere();
        location.assign(response.redirected ? response.url : "/login?reason=signed-out");
      } catch {
        form.submit(); // offline or blocked: fall back to the plain form post
      }
    };
    document.addEventListener("submit", onSubmit);

    if (mode === "resume") refresh();
    else schedule();

    // The live event stream refreshes through this same election before it reconnects.
    const unregister = provideSessionRefresher({
      expiresAt: () => expiry,
      leadMs: refreshLeadMs,
      refreshIfDue: refresh,
    });

    return () => {
      unregister();
      stopped = true;
      clearTimeout(timer);
      channel.close();
      document.removeEventListener("submit", onSubmit);
    };
  }, [expiresInMs, refreshLeadMs, mode]);

  return null;
}
