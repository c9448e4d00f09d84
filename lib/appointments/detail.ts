/**
 * Everything the appointment detail page shows, for the member looking at
 * it: the appointment (404 when it is not this clinic's), its history with
 * the names its entries refer to, the visit's clinical notes when the member
 * may read them, and the status moves on offer.
 */
import type { Db } from "../db/client.ts";
import { type Access, can } from "../permissions/access.ts";
import { type ClinicalNote, listNotes } from "../clinical/notes.ts";
import { listMembers } from "../staff/members.ts";
import { listOperatories } from "./operatories.ts";
import {
  type ActivityEntry,
  appointmentActivity,
  type AppointmentDetails,
  getAppointment,
} from "./queries.ts";
import { type StatusMoves, statusMoves } from "./status-moves.ts";

export interface AppointmentDetail {
  appointment: AppointmentDetails;
  activity: ActivityEntry[];
  /** Names for the ids in activity entries, which may point at a former doctor or room. */
  names: { doctors: Map<string, string>; operatories: Map<string, string> };
  /** Null when the member may not read clinical notes. */
  clinicalNotes: ClinicalNote[] | null;
  moves: StatusMoves;
}

export async function appointmentDetail(
  db: Db,
  input: { access: Access; appointmentId: string; timeZone: string; now: Date },
): Promise<AppointmentDetail> {
  const { access, timeZone, now } = input;
  const { clinicId } = access;
  const appointment = await getAppointment(db, clinicId, input.appointmentId);
  const [activity, members, rooms, clinicalNotes] = await Promise.all([
    appointmentActivity(db, clinicId, appointment.id),
    listMembers(db, clinicId),
    listOperatories(db, clinicId),
    can(access, "clinical.notes.view")
      ? listNotes(db, clinicId, { appointmentId: appointment.id })
      : null,
  ]);
  return {
    appointment,
    activity,
    names: {
      doctors: new Map(members.map((m) => [m.userId, m.name])),
      operatories: new Map(rooms.map((r) => [r.id, r.name])),
    },
    clinicalNotes,
    moves: statusMoves(access, appointment, now, timeZone),
  };
}
