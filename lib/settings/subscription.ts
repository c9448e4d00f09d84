/** The clinic's plan as the Settings hub shows it: name and price, managed by the platform. */
import type { Db } from "../db/client.ts";
import { listPlans, type Plan } from "../admin/clinic-plans.ts";

export async function subscriptionPlan(db: Db, planId: string): Promise<Plan | undefined> {
  return (await listPlans(db)).find((plan) => plan.id === planId);
}
