/**
 * Any OpenAI-compatible chat-completions endpoint with vision
 * (`AI_BASE_URL`, `AI_API_KEY`, `AI_MODEL`): the sampled slices go as PNG
 * data URLs in one user message beside the study's technical facts, and the
 * answer is asked for in a JSON schema. A request that times out, fails on
 * the network or answers 429/5xx is retried with exponential backoff; a
 * malformed answer is not retried (the same model would answer alike).
 *
 * Only what `AnalysisInput` holds is sent: pixels and technical metadata,
 * never the patient's name, MRN or any DICOM identifier.
 */
import { base64Of } from "../bytes.ts";
import { encodePng } from "../radiology/png.ts";
import { FINDINGS_JSON_SCHEMA, MalformedAnswerError, parseProviderAnswer } from "./findings.ts";
import {
  type AnalysisInput,
  type AnalysisOutput,
  type AnalysisProvider,
  ProviderError,
  type TextCompletion,
  type TextProvider,
  type TextRequest,
} from "./provider.ts";

export interface OpenAiProviderOptions {
  baseUrl: string;
  apiKey: string | null;
  model: string;
  timeoutMs: number;
  maxAttempts: number;
  /** First backoff; doubled on each retry. */
  retryBaseMs: number;
  fetch?: typeof fetch;
}

const INSTRUCTIONS =
  "You review dental and maxillofacial DICOM images for a dentist. You receive technical facts " +
  "about one series and sampled slices in order, each labelled with its instance number. Report " +
  "what you see as findings: a short title, a severity (info, low, moderate, high), the region, " +
  "FDI tooth numbers where a finding concerns teeth, the instance numbers of the slices it is " +
  "seen on, a confidence from 0 to 1, and a detail sentence. Image quality problems are findings " +
  "too. Do not guess beyond the images. Answer only with the JSON object of the given schema.";

/** The body sent to `/chat/completions`; exported so a test can read what leaves the server. */
export function chatRequestBody(model: string, input: AnalysisInput) {
  const { study, slices, checks } = input;
  const facts = {
    modality: study.modality,
    bodyPart: study.bodyPart,
    pixelSpacingMm: study.pixelSpacing,
    sliceCount: study.sliceCount,
    matrix: `${study.columns}x${study.rows}`,
    sampledInstanceNumbers: slices.map((s) => s.instanceNumber),
    allInstanceNumbers: checks.instanceNumbers,
  };
  return {
    model,
    temperature: 0,
    messages: [
      { role: "system", content: INSTRUCTIONS },
      {
        role: "user",
        content: [
          { type: "text", text: `Series facts: ${JSON.stringify(facts)}` },
          ...slices.flatMap((slice) => [
            { type: "text", text: `Slice ${slice.instanceNumber}` },
            {
              type: "image_url",
              image_url: {
                url: `data:image/png;base64,${base64Of(encodePng(slice.image))}`,
                detail: "high",
              },
            },
          ]),
        ],
      },
    ],
    response_format: {
      type: "json_schema",
      json_schema: { name: "dicom_findings", strict: true, schema: FINDINGS_JSON_SCHEMA },
    },
  };
}

/** The body of a plain text completion: instructions, material, no images, no schema. */
export function textRequestBody(model: string, request: TextRequest) {
  return {
    model,
    temperature: 0,
    max_tokens: request.maxTokens ?? 600,
    messages: [
      { role: "system", content: request.system },
      { role: "user", content: request.user },
    ],
  };
}

class RetryableError extends ProviderError {}

export class OpenAiProvider implements AnalysisProvider, TextProvider {
  readonly name = "openai" as const;
  readonly #options: OpenAiProviderOptions;

  constructor(options: OpenAiProviderOptions) {
    this.#options = options;
  }

  async analyze(input: AnalysisInput, signal?: AbortSignal): Promise<AnalysisOutput> {
    const body = JSON.stringify(chatRequestBody(this.#options.model, input));
    const content = await this.#withRetries(body, signal);
    return { ...parseProviderAnswer(content), provider: "openai", model: this.#options.model };
  }

  async complete(request: TextRequest, signal?: AbortSignal): Promise<TextCompletion> {
    const body = JSON.stringify(textRequestBody(this.#options.model, request));
    const text = (await this.#withRetries(body, signal)).trim();
    if (!text) throw new MalformedAnswerError("The AI provider answered with no text.");
    return { text, provider: "openai", model: this.#options.model };
  }

  async #withRetries(body: string, signal?: AbortSignal): Promise<string> {
    const { maxAttempts, retryBaseMs } = this.#options;
    let last: Error = new ProviderError("The AI provider was not called.");
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (attempt > 1) await sleep(retryBaseMs * 2 ** (attempt - 2), signal);
      try {
        return await this.#once(body, signal);
      } catch (error) {
        if (!(error instanceof RetryableError)) throw error;
        last = error;
      }
    }
    throw new ProviderError(`${last.message} (after ${maxAttempts} attempts)`);
  }

  /** One request; answers the message content. */
  async #once(body: string, outer?: AbortSignal): Promise<string> {
    const { baseUrl, apiKey, timeoutMs } = this.#options;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = outer ? AbortSignal.any([outer, timeout]) : timeout;
    let response: Response;
    let text: string;
    try {
      response = await (this.#options.fetch ?? fetch)(`${baseUrl}/chat/completions`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
        },
        body,
        signal,
      });
      text = await response.text();
    } catch (error) {
      if (outer?.aborted) throw error;
      throw new RetryableError(
        timeout.aborted
          ? `The AI provider did not answer within ${timeoutMs / 1000} s`
          : `The AI provider could not be reached (${(error as Error).message})`,
      );
    }
    if (response.status === 429 || response.status >= 500) {
      throw new RetryableError(`The AI provider answered ${response.status}`);
    }
    if (!response.ok) {
      throw new ProviderError(`The AI provider refused the request (${response.status})`);
    }
    let content: unknown;
    try {
      content = JSON.parse(text).choices?.[0]?.message?.content;
    } catch {
      throw new MalformedAnswerError("The AI provider's response is not chat-completions JSON.");
    }
    if (typeof content !== "string") {
      throw new MalformedAnswerError("The AI provider's response holds no message content.");
    }
    return content;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}
