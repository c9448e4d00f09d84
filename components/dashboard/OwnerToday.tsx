/**
 * The clinic's day for its owner and admins: the day in figures, their own
 * appointments when they treat patients too, what the team did, the team,
 * and the plan.
 */
import { Stat } from "../ui/mod.ts";
import type { TodayBoard } from "../../lib/dashboard/today.ts";
import { ActivityCard, PlanCard, TeamCard } from "./ClinicCards.tsx";
import { MyDayPanel, NotesMissingPanel } from "./DoctorToday.tsx";

const percent = (value: number | null) => value === null ? "—" : `${value}%`;

function Figures({ board }: { board: TodayBoard }) {
  const { appointments: a, newPatients } = board.figures!;
  const upcoming = a ? a.booked - a.due : 0;
  return (
    <div data-panel="figures" class="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
      {a && (
        <>
          <div data-figure="booked" class="grid">
            <Stat
              label="Appointments"
              value={a.booked}
              hint={`${upcoming} to come${a.cancelled ? ` · ${a.cancelled} cancelled` : ""}`}
            />
          </div>
          <div data-figure="completion" class="grid">
            <Stat
              label="Completed"
              value={percent(a.completionRate)}
              hint={`${a.completed} of ${a.due} due so far`}
            />
          </div>
          <div data-figure="no-show" class="grid">
            <Stat
              label="No-shows"
              value={percent(a.noShowRate)}
              hint={`${a.noShows} of ${a.due} due so far`}
            />
          </div>
        </>
      )}
      {newPatients !== null && (
        <div data-figure="new-patients" class="grid">
          <Stat label="New patients" value={newPatients} hint="registered today" />
        </div>
      )}
    </div>
  );
}

export function OwnerToday({ board }: { board: TodayBoard }) {
  const own = board.myDay && board.myDay.appointments.length > 0 ? board.myDay : null;
  const notes = board.notesMissing && board.notesMissing.length > 0 ? board.notesMissing : null;
  const overview = board.overview;
  return (
    <div class="space-y-6">
      {board.figures && <Figures board={board} />}
      <div class="grid grid-cols-1 items-start gap-6 lg:grid-cols-3">
        <div class="min-w-0 space-y-6 lg:col-span-2">
          {own && (
            <MyDayPanel
              appointments={own.appointments}
              next={own.next}
              board={board}
              title="Your appointments"
            />
          )}
          {notes && <NotesMissingPanel list={notes} board={board} />}
          {overview && board.panels.has("team") && (
            <TeamCard
              team={overview.team}
              now={board.now}
            />
          )}
        </div>
        <div class="min-w-0 space-y-6">
          {overview && board.panels.has("activity") && (
            <ActivityCard activity={overview.activity} timeZone={board.timeZone} />
          )}
          {overview && board.panels.has("plan") && (
            <PlanCard overview={overview} timeZone={board.timeZone} now={board.now} />
          )}
        </div>
      </div>
    </div>
  );
}
