/**
 * The landing page of a clinic member: their day, in the panels their role
 * and permissions give them (lib/dashboard/panels.ts), kept current by the
 * DashboardLive island, which redraws everything inside
 * `[data-today-panels]`; the greeting and a form's notice stay put.
 */
import type { ComponentChildren } from "preact";
import DashboardLive from "../../islands/DashboardLive.tsx";
import { Notice, PageHeader } from "../ui/mod.ts";
import type { StaffContext } from "../../lib/auth/staff-context.ts";
import type { TodayBoard } from "../../lib/dashboard/today.ts";
import { formatLongDate, greeting } from "../../lib/view/format.ts";
import { DoctorToday } from "./DoctorToday.tsx";
import { NurseToday } from "./NurseToday.tsx";
import { OwnerToday } from "./OwnerToday.tsx";
import { ReceptionToday } from "./ReceptionToday.tsx";

export interface TodayNotice {
  tone: "success" | "info" | "error";
  text: string;
}

function NothingToShow() {
  return (
    <p
      data-panel="none"
      class="rounded-xl bg-white px-5 py-6 text-sm text-slate-600 shadow-sm ring-1 ring-slate-200"
    >
      There is nothing for your permissions on this page yet. The menu lists the pages you can open.
    </p>
  );
}

export function TodayDashboard(
  { me, board, live, notice, actionItems, onboarding }: {
    me: StaffContext;
    board: TodayBoard;
    /** Live event types to redraw on; empty for no live updates. */
    live: string[];
    notice?: TodayNotice;
    /** The action items card, for members who may see it (the AI reports module). */
    actionItems?: ComponentChildren;
    /** A new clinic's onboarding checklist, above the day's panels. */
    onboarding?: ComponentChildren;
  },
) {
  const clinic = me.clinic!;
  return (
    <>
      <PageHeader
        title={`${greeting(board.now, board.timeZone)}, ${me.user.name}`}
        subtitle={`${clinic.name} · ${formatLongDate(board.now, board.timeZone)}`}
      />
      {notice && <Notice tone={notice.tone}>{notice.text}</Notice>}
      {onboarding}
      {live.length > 0 && <DashboardLive types={live} />}
      <div data-today-panels data-view={board.view}>
        {board.panels.size === 0
          ? <NothingToShow />
          : board.view === "doctor"
          ? <DoctorToday board={board} />
          : board.view === "reception"
          ? <ReceptionToday board={board} actionItems={actionItems} />
          : board.view === "nurse"
          ? <NurseToday board={board} />
          : <OwnerToday board={board} />}
        {/* The front desk has a place for it in its grid; the other views list it last. */}
        {actionItems && (board.view !== "reception" || board.panels.size === 0) && (
          <div class="mt-6">{actionItems}</div>
        )}
      </div>
    </>
  );
}
