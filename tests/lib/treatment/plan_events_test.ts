import { assertEquals } from "../../support/assert.ts";
import { type PlanChange, planChangeText } from "../../../lib/treatment/plan-events.ts";

Deno.test("an open plan page says what kind of change happened", () => {
  const said = (["edited", "status", "item", "accepted", "photo"] as PlanChange[]).map(
    planChangeText,
  );
  assertEquals(new Set(said).size, said.length, "each change reads differently");
  assertEquals(planChangeText("accepted"), "This plan has just been accepted.");
  assertEquals(planChangeText("something new"), "This plan has changed.");
});
