/**
 * The Staff pages' forms. Addresses and roles are checked by the lib
 * functions the forms call (the same ones the API calls), so their messages
 * are what the user reads; the schemas only bound what is read.
 */
import { z } from "zod";

const text = (max: number) => z.string().default("").transform((value) => value.slice(0, max));

export const invitationForm = z.object({ email: text(320), role: text(40) });

export const roleForm = z.object({ role: text(40) });

export const statusForm = z.object({
  status: z.enum(["active", "deactivated"], { error: "Choose to deactivate or reactivate." }),
});
