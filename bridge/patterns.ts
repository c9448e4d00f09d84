/**
 * File name globs from the config (`*.dcm`, `IMG_????.jpg`): `*` is any run of
 * characters, `?` one character. Matched against the base name only and
 * without regard to case, because sensor software on Windows writes `.DCM`
 * and `.dcm` alike.
 */
export function compilePatterns(patterns: string[]): (fileName: string) => boolean {
  const expressions = patterns.map(globToRegExp);
  return (fileName) => expressions.some((expression) => expression.test(fileName));
}

function globToRegExp(glob: string): RegExp {
  let source = "";
  for (const char of glob) {
    if (char === "*") source += ".*";
    else if (char === "?") source += ".";
    else source += char.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`, "i");
}

/**
 * Names that are never captures: partial downloads and editor/OS droppings
 * that a sensor folder collects.
 */
export function isTransientName(fileName: string): boolean {
  return fileName.startsWith(".") || fileName.startsWith("~$") ||
    /\.(tmp|part|crdownload|partial)$/i.test(fileName) || fileName === "Thumbs.db";
}
