/** The inbox's assign button, as a zod schema over the posted text. */
import { z } from "zod";

export const assignCaptureForm = z.object({ patientId: z.string().default("") });
