/**
 * How the analysis panel asks the workstation's viewer for a slice: a window
 * event carrying the slice's DICOM instance number. Two islands, no shared
 * state; a viewer that is not open simply hears nothing.
 */
export const GOTO_SLICE_EVENT = "radiology:goto-slice";

export interface GotoSliceDetail {
  instanceNumber: number;
}
