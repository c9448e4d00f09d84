/**
 * The narrative never invents a number: the template's sentences and a
 * model's summary (from a local chat-completions stand-in) hold only numbers
 * found in the figures, and a model's text that invents one is replaced by
 * the template's.
 */
import { assert, assertEquals } from "../../support/assert.ts";
import { testOnEachDatabase } from "../../support/test-app.ts";
import { chatStandIn } from "../../support/chat-stand-in.ts";
import { computeFigures } from "../../../lib/reports/reports.ts";
import { templateNarrative, writeNarrative } from "../../../lib/reports/narrative.ts";
import { numbersIn, numbersNotInFigures } from "../../../lib/reports/figure-numbers.ts";
import { textProviderFromConfig } from "../../../lib/ai/mod.ts";
import { testConfig } from "../../support/test-app.ts";
import { NOW, PERIOD, reportFixture } from "./report-fixture.ts";

const providerAt = (url: string) =>
  textProviderFromConfig(
    testConfig({ AI_PROVIDER: "openai", AI_BASE_URL: url, AI_MAX_ATTEMPTS: "1" }).ai,
  );

Deno.test("numbers are read as written: thousands separators, decimals, percents", () => {
  assertEquals(numbersIn("PKR 12,500 on 3 invoices, 16.7% no-shows."), [12500, 3, 16.7]);
});

testOnEachDatabase("Ruby report narrative", async (t, database) => {
  const fixture = await reportFixture(database.db);
  const figures = await computeFigures(database.db, fixture.clinicId, PERIOD, NOW);

  await t.step("the template states the figures and invents no number", () => {
    const narrative = templateNarrative(figures);
    assertEquals(narrative.label, "Generated from the figures");
    const text = narrative.paragraphs.join("\n");
    assertEquals(numbersNotInFigures(text, figures), []);
    assert(text.includes("6 appointments"), text);
    assert(text.includes("16.7%"), text);
    assert(text.includes("Composite"), "the low-stock item is named");
  });

  await t.step(
    "a model's summary from the figures is used, labelled as written by it",
    async () => {
      const c = figures.current;
      const standIn = chatStandIn(() =>
        `The clinic booked ${c.throughput.booked} appointments and completed ` +
        `${c.throughput.completed}; the no-show rate was ${c.throughput.noShowRate}%.\n\n` +
        `Lab cases came back in ${c.lab.averageDays} days on average. Reorder Composite.`
      );
      try {
        const narrative = await writeNarrative(figures, providerAt(standIn.url));
        assertEquals(narrative.source, "ai");
        assertEquals(narrative.paragraphs.length, 2);
        assertEquals(numbersNotInFigures(narrative.paragraphs.join(" "), figures), []);
        // The prompt carries the figures and nothing that identifies a patient.
        const sent = standIn.requests[0].messages[1].content;
        assert(sent.includes('"booked":6'), sent.slice(0, 200));
        assert(!sent.includes("Patient 1"), "no patient names leave");
        assert(!sent.includes(fixture.patientIds[0]), "no patient ids leave");
      } finally {
        await standIn.close();
      }
    },
  );

  await t.step(
    "a summary with a number not in the figures falls back to the template",
    async () => {
      const standIn = chatStandIn(() => "Revenue grew by 37 percent and 98765 patients came.");
      try {
        const narrative = await writeNarrative(figures, providerAt(standIn.url));
        assertEquals(narrative.source, "template");
        assert(narrative.fallbackReason?.includes("98765"), narrative.fallbackReason);
        assertEquals(numbersNotInFigures(narrative.paragraphs.join(" "), figures), []);
      } finally {
        await standIn.close();
      }
    },
  );

  await t.step("a provider that fails leaves the template narrative", async () => {
    const standIn = chatStandIn(() => new Response("down", { status: 503 }));
    try {
      const narrative = await writeNarrative(figures, providerAt(standIn.url));
      assertEquals(narrative.source, "template");
      assert(narrative.fallbackReason?.includes("503"), narrative.fallbackReason);
    } finally {
      await standIn.close();
    }
  });
});
