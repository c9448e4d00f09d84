/**
 * The AI provider the configuration names: `local` (the default, computed
 * here) or `openai` (any OpenAI-compatible endpoint).
 *
 * @example
 * ```ts
 * const provider = providerFromConfig(config.ai);
 * const answer = await provider.analyze(input);
 * ```
 */
import type { AiConfig } from "../config.ts";
import { LocalProvider } from "./local-provider.ts";
import { OpenAiProvider } from "./openai-provider.ts";
import type { AnalysisProvider, TextProvider } from "./provider.ts";

export type {
  AnalysisInput,
  AnalysisOutput,
  AnalysisProvider,
  TextCompletion,
  TextProvider,
  TextRequest,
} from "./provider.ts";
export { ProviderError } from "./provider.ts";
export { MalformedAnswerError } from "./findings.ts";

export function providerFromConfig(config: AiConfig, fetchImpl?: typeof fetch): AnalysisProvider {
  if (config.provider === "local") return new LocalProvider();
  return new OpenAiProvider({
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    model: config.model,
    timeoutMs: config.timeoutMs,
    maxAttempts: config.maxAttempts,
    retryBaseMs: config.retryBaseMs,
    fetch: fetchImpl,
  });
}

/**
 * The provider that writes report narratives and nudges, or null with the
 * `local` provider, which has no model: callers then write from templates.
 */
export function textProviderFromConfig(
  config: AiConfig,
  fetchImpl?: typeof fetch,
): TextProvider | null {
  if (config.provider === "local") return null;
  return new OpenAiProvider({
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    model: config.model,
    timeoutMs: config.timeoutMs,
    maxAttempts: config.maxAttempts,
    retryBaseMs: config.retryBaseMs,
    fetch: fetchImpl,
  });
}
