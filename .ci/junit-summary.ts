/**
 * Prints "N passed, N failed" from a `deno test` JUnit report. Deno lists a
 * test and each of its steps as test cases; only the leaves are counted, so a
 * test made of steps counts once per step.
 */
const xml = await Deno.readTextFile(Deno.args[0]);
const cases = [...xml.matchAll(/<testcase name="([^"]*)"[^>]*>([\s\S]*?)<\/testcase>/g)]
  .map(([, name, body]) => ({ name, failed: /<(failure|error)\b/.test(body) }));
const isParent = (name: string) => cases.some((c) => c.name.startsWith(`${name} &gt; `));
const leaves = cases.filter((c) => !isParent(c.name));
if (leaves.length === 0) {
  console.error("no test ran");
  Deno.exit(1);
}
const failed = leaves.filter((c) => c.failed).length;
console.log(`${leaves.length - failed} passed, ${failed} failed`);
