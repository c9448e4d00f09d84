/** The few assertions the suite uses, over Node's strict assert (no JSR registry here). */
import nodeAssert from "node:assert/strict";

export function assert(condition: unknown, message?: string): asserts condition {
  nodeAssert.ok(condition, message);
}

export function assertEquals<T>(actual: T, expected: T, message?: string): void {
  nodeAssert.deepStrictEqual(actual, expected, message);
}

export function assertMatch(actual: string, pattern: RegExp, message?: string): void {
  nodeAssert.match(actual, pattern, message);
}

export async function assertRejects(
  fn: () => Promise<unknown>,
  check?: (error: Error) => boolean,
  message?: string,
): Promise<Error> {
  try {
    await fn();
  } catch (error) {
    if (check) nodeAssert.ok(check(error as Error), message ?? `unexpected error: ${error}`);
    return error as Error;
  }
  throw new nodeAssert.AssertionError({ message: message ?? "expected the promise to reject" });
}
