/**
 * A plan item's own form posts from the plan page: mark it done, and
 * schedule it into one of the patient's visits (or unschedule it). Each
 * calls the same lib function as the API and redirects back to the plan.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../lib/http/app-env.ts";
import { submitForm } from "../lib/http/form.ts";
import { scheduleItem, setItemStatus } from "../lib/treatment/plan-writes.ts";
import { actorOfPage, renderPlan } from "./treatment-plans.tsx";
import { staffPage } from "./_page.tsx";

const page = staffPage({ module: "treatment", permission: "treatment.plans.edit" });

/** An empty choice unlinks the item from its visit. */
const scheduleForm = z.object({
  appointmentId: z.string().trim().max(64).transform((id) => id || null),
});

export const treatmentPlanItemRoutes = new Hono<AppEnv>()
  .post("/treatment-plans/:id/items/:itemId/done", page, (c) =>
    submitForm(c, z.object({}), {
      onValid: async () => {
        await setItemStatus(c.var.deps.db, actorOfPage(c), {
          planId: c.req.param("id"),
          itemId: c.req.param("itemId"),
          status: "done",
        });
        return c.redirect(`/treatment-plans/${c.req.param("id")}?notice=item`, 303);
      },
      onProblem: (_values, problem) => renderPlan(c, c.req.param("id"), problem.message),
    }))
  .post("/treatment-plans/:id/items/:itemId/schedule", page, (c) =>
    submitForm(c, scheduleForm, {
      onValid: async ({ appointmentId }) => {
        await scheduleItem(c.var.deps.db, actorOfPage(c), {
          planId: c.req.param("id"),
          itemId: c.req.param("itemId"),
          appointmentId,
        });
        const notice = appointmentId ? "scheduled" : "unscheduled";
        return c.redirect(`/treatment-plans/${c.req.param("id")}?notice=${notice}`, 303);
      },
      onProblem: (_values, problem) => renderPlan(c, c.req.param("id"), problem.message),
    }));
