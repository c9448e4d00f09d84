/**
 * What a member may do with clinical notes and the chart, as the pages need
 * it: the forms and buttons shown are exactly the ones the lib functions
 * would accept from this member.
 */
import { type Access, can } from "../permissions/access.ts";
import type { ChartEntry } from "./chart.ts";
import { type ClinicalNote, mayEditNote } from "./notes.ts";
import { permissionForKind } from "./teeth.ts";

export interface NotePermissions {
  create: boolean;
  /** Whether this member may edit this note (any note, or their own). */
  edit: (note: ClinicalNote) => boolean;
  delete: boolean;
}

export function notePermissions(access: Access, actorId: string): NotePermissions {
  return {
    create: can(access, "clinical.notes.create"),
    edit: (note) => mayEditNote(access, actorId, note),
    delete: can(access, "clinical.notes.delete"),
  };
}

export interface ChartPermissions {
  /** May chart conditions (caries, fillings found…). */
  conditions: boolean;
  /** May record procedures done. */
  procedures: boolean;
  /** Whether this member may remove this entry: the permission of its kind. */
  remove: (entry: ChartEntry) => boolean;
}

export function chartPermissions(access: Access): ChartPermissions {
  return {
    conditions: can(access, "clinical.chart.edit"),
    procedures: can(access, "clinical.procedures.record"),
    remove: (entry) => can(access, permissionForKind(entry.kind)),
  };
}
