/**
 * The bell: unread count on the icon, the latest notifications in a panel.
 *
 * The list is fetched when the panel opens, not with the page. Without a
 * count from the server the bell asks for it once on load (`limit=0`) and
 * again when the tab comes back after a while. Marking read is offered only
 * with `canManage`, so the browser never calls an endpoint that would refuse it.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { formatRelative } from "../lib/view/format.ts";

export interface NotificationBellProps {
  /** The member holds `notifications.manage`: may mark notifications read. */
  canManage: boolean;
  /** Unread count known when the page was rendered; when absent the bell fetches it. */
  unread?: number;
}

interface Item {
  id: string;
  title: string;
  body: string | null;
  link: string | null;
  read: boolean;
  createdAt: string;
}

type Load = "idle" | "loading" | "loaded" | "error";

const API = "/api/v1/notifications";
const RECOUNT_AFTER_MS = 60_000;

// twind emits CSS only for classes in the server render, and what the panel
// shows after a fetch exists only in the browser; so every class used there is
// kept here and also rendered on a hidden element (hidden by inline style, which
// its own display classes cannot override).
const C = {
  // A display class beats the `hidden` attribute, so the panel shows and hides by class.
  panel:
    "fixed inset-x-2 top-16 z-40 max-h-[75vh] flex-col overflow-hidden rounded-xl bg-white text-slate-900 shadow-xl ring-1 ring-slate-200 lg:absolute lg:inset-x-auto lg:left-0 lg:top-11 lg:w-96 lg:max-h-[70vh]",
  shown: "flex",
  row:
    "flex w-full gap-3 px-4 py-3 text-left hover:bg-slate-50 focus:bg-slate-50 focus:outline-none",
  unreadRow: "bg-brand-50/50",
  dot: "mt-1.5 h-2 w-2 shrink-0 rounded-full",
  unreadDot: "bg-brand-500",
  readDot: "bg-transparent",
  text: "block min-w-0 flex-1",
  title: "block text-sm font-medium text-slate-900",
  body: "mt-0.5 block text-sm text-slate-600 line-clamp-2",
  time: "mt-1 block text-xs text-slate-400",
  list: "divide-y divide-slate-100",
  state: "px-4 py-8 text-center text-sm text-slate-500",
  empty: "px-4 py-10 text-center",
  emptyTitle: "text-sm font-medium text-slate-900",
  emptyText: "mt-1 text-sm text-slate-500",
  retry: "font-medium text-brand-700 underline hover:text-brand-800",
  badge:
    "absolute -right-0.5 -top-0.5 grid h-[18px] min-w-[18px] place-items-center rounded-full bg-red-500 px-1 text-[10px] font-semibold leading-none text-white ring-2 ring-slate-900",
};
const CLIENT_CLASSES = Object.values(C).join(" ");

async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { credentials: "same-origin", ...init });
  if (!response.ok) throw new Error(`${response.status}`);
  return await response.json() as T;
}

function post(path: string, keepalive = false): Promise<Response> {
  return fetch(path, {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json" },
    body: "{}",
    keepalive,
  });
}

function BellIcon() {
  return (
    <svg
      class="h-5 w-5"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      stroke-width="1.7"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
    >
      <path d="M6 9.5a6 6 0 0 1 12 0c0 4.5 1.8 6.2 2.5 7H3.5c.7-.8 2.5-2.5 2.5-7M10 20a2.2 2.2 0 0 0 4 0" />
    </svg>
  );
}

export default function NotificationBell(
  { canManage, unread: initialUnread }: NotificationBellProps,
) {
  const [open, setOpen] = useState(false);
  const [unread, setUnread] = useState<number | null>(initialUnread ?? null);
  const [items, setItems] = useState<Item[]>([]);
  const [load, setLoad] = useState<Load>("idle");
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const countedAt = useRef(initialUnread === undefined ? 0 : Date.now());

  const recount = async () => {
    countedAt.current = Date.now();
    try {
      const body = await getJson<{ unread: number }>(`${API}?limit=0`);
      setUnread(body.unread);
    } catch {
      // The badge keeps its last value; the panel shows errors when opened.
    }
  };

  const fetchList = async () => {
    setLoad("loading");
    try {
      const body = await getJson<{ notifications: Item[]; unread: number }>(`${API}?limit=20`);
      setItems(body.notifications);
      setUnread(body.unread);
      countedAt.current = Date.now();
      setLoad("loaded");
    } catch {
      setLoad("error");
    }
  };

  useEffect(() => {
    if (initialUnread === undefined) recount();
    const onVisible = () => {
      if (
        document.visibilityState === "visible" && Date.now() - countedAt.current > RECOUNT_AFTER_MS
      ) {
        recount();
      }
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, []);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  const toggle = () => {
    const next = !open;
    setOpen(next);
    if (next) fetchList();
  };

  const markAllRead = async () => {
    const response = await post(`${API}/read-all`).catch(() => null);
    if (!response?.ok) return;
    setItems((list) => list.map((item) => ({ ...item, read: true })));
    setUnread(0);
  };

  const openItem = (item: Item) => {
    if (!canManage || item.read) return;
    // keepalive: the request outlives the page when the link navigates away.
    post(`${API}/${item.id}/read`, true).catch(() => {});
    setItems((list) => list.map((i) => (i.id === item.id ? { ...i, read: true } : i)));
    setUnread((n) => (n ? n - 1 : n));
  };

  const now = new Date();
  const label = unread ? `Notifications, ${unread} unread` : "Notifications";

  return (
    <div ref={root} class="relative">
      <span hidden style={{ display: "none" }} class={CLIENT_CLASSES} />
      <button
        ref={button}
        type="button"
        onClick={toggle}
        aria-haspopup="true"
        aria-expanded={open}
        aria-label={label}
        title="Notifications"
        class="relative grid h-10 w-10 place-items-center rounded-lg text-slate-300 hover:bg-white/10 hover:text-white lg:h-9 lg:w-9"
      >
        <BellIcon />
        {unread ? <span class={C.badge}>{unread > 99 ? "99+" : unread}</span> : null}
      </button>
      <div
        hidden={!open}
        role="region"
        aria-label="Notifications"
        class={`${open ? C.shown : "hidden"} ${C.panel}`}
      >
        <header class="flex items-center justify-between gap-3 border-b border-slate-100 px-4 py-3">
          <h2 class="text-sm font-semibold text-slate-900">Notifications</h2>
          {canManage && (
            <button
              type="button"
              onClick={markAllRead}
              disabled={!unread}
              class="text-sm font-medium text-brand-700 hover:text-brand-800 disabled:cursor-default disabled:text-slate-400"
            >
              Mark all read
            </button>
          )}
        </header>
        <div class="min-h-0 flex-1 overflow-y-auto">
          {load === "loading" && items.length === 0 && <p class={C.state}>Loading…</p>}
          {load === "error" && (
            <p class={C.state}>
              Notifications could not be loaded.{" "}
              <button
                type="button"
                onClick={fetchList}
                class={C.retry}
              >
                Try again
              </button>
            </p>
          )}
          {load === "loaded" && items.length === 0 && (
            <div class={C.empty}>
              <p class={C.emptyTitle}>You're all caught up</p>
              <p class={C.emptyText}>New notifications will appear here.</p>
            </div>
          )}
          {items.length > 0 && (
            <ul class={C.list}>
              {items.map((item) => {
                const content = (
                  <>
                    <span class={`${C.dot} ${item.read ? C.readDot : C.unreadDot}`} />
                    <span class={C.text}>
                      <span class={C.title}>{item.title}</span>
                      {item.body && <span class={C.body}>{item.body}</span>}
                      <time class={C.time} dateTime={item.createdAt}>
                        {formatRelative(new Date(item.createdAt), now)}
                      </time>
                    </span>
                  </>
                );
                const rowClass = item.read ? C.row : `${C.row} ${C.unreadRow}`;
                return (
                  <li key={item.id}>
                    {item.link
                      ? (
                        <a href={item.link} class={rowClass} onClick={() => openItem(item)}>
                          {content}
                        </a>
                      )
                      : canManage && !item.read
                      ? (
                        <button
                          type="button"
                          class={rowClass}
                          onClick={() => openItem(item)}
                        >
                          {content}
                        </button>
                      )
                      : <div class={rowClass}>{content}</div>}
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      </div>
    </div>
  );
}
