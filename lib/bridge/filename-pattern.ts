/**
 * Filename patterns: how a device tells which patient a file belongs to when
 * the sensor software writes the MRN into the file name.
 *
 * The language is deliberately tiny, so a pattern typed in Settings can never
 * become an expensive or surprising regular expression:
 *
 * - `{mrn}`: the patient's medical record number (letters, digits and `-`,
 *   3–32 characters, any case); exactly once.
 * - `{any}`: any run of characters, possibly empty.
 * - anything else is literal text, matched without regard to case.
 *
 * A pattern is matched against the whole file name without its directory and
 * without its last extension: `{mrn}_{any}` matches `P-000042_20261121.dcm`
 * and `p-000042_bw.jpg`.
 *
 * @example
 * ```ts
 * const pattern = compileFilenamePattern("{mrn}_{any}");
 * pattern.mrnOf("P-000042_0932.dcm"); // "P-000042"
 * ```
 */

export const MAX_PATTERN_LENGTH = 120;

export class FilenamePatternError extends Error {
  override name = "FilenamePatternError";
}

export interface FilenamePattern {
  source: string;
  /** The MRN the file name carries, upper-cased, or null when the name does not fit. */
  mrnOf(fileName: string): string | null;
}

const TOKEN = /\{([^{}]*)\}/g;

export function compileFilenamePattern(source: string): FilenamePattern {
  if (source.length === 0 || source.length > MAX_PATTERN_LENGTH) {
    throw new FilenamePatternError(`A pattern has 1–${MAX_PATTERN_LENGTH} characters`);
  }
  // A pattern is typed by staff; control characters in it can only be a mistake.
  // deno-lint-ignore no-control-regex
  if (/[\/\\\u0000-\u001f]/.test(source)) {
    throw new FilenamePatternError(
      "A pattern describes a file name: no folders or control characters",
    );
  }
  let regex = "";
  let mrnTokens = 0;
  let last = 0;
  let previousWasAny = false;
  for (const match of source.matchAll(TOKEN)) {
    regex += literal(source.slice(last, match.index));
    if (match.index! > last) previousWasAny = false;
    const token = match[1];
    if (token === "mrn") {
      mrnTokens++;
      // Lazy, so `{mrn}-{any}` stops the MRN at the first dash that lets the rest match.
      regex += "([A-Za-z0-9-]{3,32}?)";
      previousWasAny = false;
    } else if (token === "any") {
      // Two `{any}` in a row add nothing but backtracking.
      if (!previousWasAny) regex += ".*?";
      previousWasAny = true;
    } else {
      throw new FilenamePatternError(`Unknown placeholder {${token}}: use {mrn} or {any}`);
    }
    last = match.index! + match[0].length;
  }
  regex += literal(source.slice(last));
  if (mrnTokens !== 1) {
    throw new FilenamePatternError("A pattern contains {mrn} exactly once");
  }
  const compiled = new RegExp(`^${regex}$`, "i");
  return {
    source,
    mrnOf(fileName) {
      const base = fileName.split(/[\\/]/).pop() ?? "";
      const dot = base.lastIndexOf(".");
      const stem = dot > 0 ? base.slice(0, dot) : base;
      const found = compiled.exec(stem)?.[1];
      return found ? found.toUpperCase() : null;
    },
  };
}

function literal(text: string): string {
  if (/[{}]/.test(text)) throw new FilenamePatternError("Braces only appear in {mrn} and {any}");
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A validation message for a pattern, or null when it is fine. */
export function filenamePatternProblem(source: string): string | null {
  try {
    compileFilenamePattern(source);
    return null;
  } catch (error) {
    if (error instanceof FilenamePatternError) return error.message;
    throw error;
  }
}
