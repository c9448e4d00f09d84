/**
 * Running queued analyses. `processPendingAnalyses` drains the queue one
 * claimed row at a time; the server starts `startAnalysisWorker`, which runs
 * it whenever a submission NOTIFYs (and at start, for rows left by a
 * restart), and the `dicom-analysis-sweep` cron runs it every minute for
 * anything the worker missed. A claim is exclusive, so they never run the
 * same analysis at once.
 *
 * @example
 * ```ts
 * const stop = await startAnalysisWorker(deps);
 * await processPendingAnalyses(deps, new Date()); // a test, or the cron
 * ```
 */
import type { Database, Db } from "../../db/client.ts";
import type { AiConfig } from "../../config.ts";
import type { ObjectStore } from "../../storage/object-store.ts";
import { providerFromConfig } from "../../ai/mod.ts";
import { type AnalysisProvider, ProviderError } from "../../ai/provider.ts";
import { analysisResult, MalformedAnswerError } from "../../ai/findings.ts";
import { loadAnalysisInput, UnreadableSeriesError } from "./slices.ts";
import {
  ANALYSIS_CHANNEL,
  type ClaimedAnalysis,
  claimNextAnalysis,
  completeAnalysis,
  failAnalysis,
} from "./queue.ts";

export interface WorkerDeps {
  db: Db;
  kv: Deno.Kv;
  storage: ObjectStore;
  ai: AiConfig;
  /** Tests pass a stand-in; otherwise the configured one. */
  provider?: AnalysisProvider;
}

/** Longer than any analysis may take (all attempts with their backoff): then its worker died. */
function staleAfterMs(ai: AiConfig): number {
  return Math.max(
    10 * 60_000,
    ai.maxAttempts * (ai.timeoutMs + ai.retryBaseMs * 2 ** ai.maxAttempts),
  );
}

/** A claimed analysis taken up again this often was crashing its worker: it fails instead. */
const MAX_CLAIMS = 3;

async function runClaimed(deps: WorkerDeps, claim: ClaimedAnalysis, now: () => Date) {
  if (claim.attempts > MAX_CLAIMS) {
    await failAnalysis(
      deps,
      claim,
      "The analysis was interrupted repeatedly and was stopped.",
      now(),
    );
    return "failed" as const;
  }
  const started = performance.now();
  try {
    const input = await loadAnalysisInput(deps, claim, deps.ai.maxSlices);
    const provider = deps.provider ?? providerFromConfig(deps.ai);
    const output = await provider.analyze(input);
    const result = analysisResult.parse({
      summary: output.summary,
      findings: output.findings,
      provider: output.provider,
      model: output.model,
      slicesReviewed: input.slices.map((s) => s.instanceNumber),
      durationMs: Math.round(performance.now() - started),
    });
    await completeAnalysis(deps.db, claim, result, now());
    return "completed" as const;
  } catch (error) {
    const known = error instanceof ProviderError || error instanceof MalformedAnswerError ||
      error instanceof UnreadableSeriesError;
    if (!known) console.error(`dicom analysis ${claim.id} failed`, error);
    await failAnalysis(
      deps,
      claim,
      known ? (error as Error).message : "The analysis failed unexpectedly; it was not counted.",
      now(),
    );
    return "failed" as const;
  }
}

/** Runs queued analyses until none is left; returns how many completed and failed. */
export async function processPendingAnalyses(
  deps: WorkerDeps,
  now: Date | (() => Date) = () => new Date(),
): Promise<{ completed: number; failed: number }> {
  const clock = typeof now === "function" ? now : () => now;
  const counts = { completed: 0, failed: 0 };
  while (true) {
    const claim = await claimNextAnalysis(deps.db, clock(), staleAfterMs(deps.ai));
    if (!claim) return counts;
    counts[await runClaimed(deps, claim, clock)]++;
  }
}

/**
 * Starts this instance's worker: it drains the queue at once and whenever a
 * submission notifies. Returns a function that stops listening.
 */
export async function startAnalysisWorker(
  deps: WorkerDeps & { database: Pick<Database, "listen"> },
): Promise<() => Promise<void>> {
  let running: Promise<unknown> | null = null;
  let again = false;
  const kick = () => {
    if (running) {
      again = true;
      return;
    }
    running = processPendingAnalyses(deps)
      .catch((error) => console.error("dicom analysis worker:", error))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          kick();
        }
      });
  };
  const unlisten = await deps.database.listen(ANALYSIS_CHANNEL, kick, kick);
  kick();
  return async () => {
    await unlisten();
    await running;
  };
}
