/**
 * Optional one-line nudges on the action items, written by the configured
 * model from each item's context (its kind and facts: lab status, stock
 * levels, times; never a patient's name), in one request for the whole list.
 * Without a model, or when its answer does not fit, the items go without.
 *
 * @example
 * ```ts
 * const items = await addNudges(await actionItems(db, input), textProviderFromConfig(config.ai));
 * ```
 */
import type { TextProvider } from "../ai/provider.ts";
import type { ActionItem } from "./items.ts";

const INSTRUCTIONS = "You help the receptionist of a dental clinic. You receive a JSON array " +
  "of action items, most urgent first, each with its facts. For each item write one short " +
  "suggestion (at most 15 words) of what to do next. Answer only with a JSON array of strings, " +
  "one per item, in the same order.";

/** At most this many items are sent: the card shows no more. */
export const NUDGE_LIMIT = 12;

export async function addNudges(
  items: ActionItem[],
  provider: TextProvider | null,
): Promise<ActionItem[]> {
  if (!provider || !items.length) return items;
  const sent = items.slice(0, NUDGE_LIMIT);
  try {
    const answer = await provider.complete({
      system: INSTRUCTIONS,
      user: JSON.stringify(sent.map((item) => ({ kind: item.kind, facts: item.context }))),
      maxTokens: 40 * sent.length,
    });
    const lines: unknown = JSON.parse(answer.text.replace(/^```(?:json)?|```$/g, "").trim());
    if (!Array.isArray(lines) || lines.length !== sent.length) return items;
    return items.map((item, i) =>
      typeof lines[i] === "string" && lines[i].trim()
        ? { ...item, nudge: lines[i].trim().slice(0, 160) }
        : item
    );
  } catch {
    // A nudge is a nicety: a provider that fails leaves the items as they are.
    return items;
  }
}
