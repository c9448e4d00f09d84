import { assertEquals } from "../../support/assert.ts";
import { scrubAttributes, scrubText } from "../../../lib/observability/scrub.ts";
import { describeFailure, readLogContext } from "../../../lib/observability/log-context.ts";

Deno.test("phone numbers, emails and tokens are replaced; ids, ports and dates stay", () => {
  assertEquals(
    scrubText("call +92 300 1234567 or 03001234567 or ali.khan@example.com"),
    "call [phone] or [phone] or [email]",
  );
  assertEquals(
    scrubText("Authorization: Bearer abc.def-ghi and token=s3cr3t&x=1"),
    "Authorization: [redacted] [token] and token=[redacted]&x=1",
  );
  assertEquals(
    scrubText("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl done"),
    "jwt [token] done",
  );
  assertEquals(
    scrubText("/appointment/respond/Zk3q9XbLm2Vt8Rw4Yp6Ns1Hc5Jd7Gf0Ka"),
    "/appointment/respond/[token]",
  );
  const kept = "clinic 3f2b6a1e-1234-5678-9abc-def012345678 at 2026-12-02 17:20:17 " +
    "on 127.0.0.1:8107, file:///app/lib/x.ts:41:18, 19 rows";
  assertEquals(scrubText(kept), kept);
});

Deno.test("secret-named attributes are redacted whatever they hold", () => {
  assertEquals(
    scrubAttributes({
      "http.request.header.authorization": "Basic x",
      "patient.phone": "n/a",
      "user.email": "n/a",
      "http.route": "/api/v1/patients/:id",
    }),
    {
      "http.request.header.authorization": "[redacted]",
      "patient.phone": "[redacted]",
      "user.email": "[redacted]",
      "http.route": "/api/v1/patients/:id",
    },
  );
});

Deno.test("a failure's log line carries its context and no personal data", () => {
  const error = new Error("duplicate key (phone)=(+923001234567)");
  const line = describeFailure("GET /api/v1/patients failed", error, {
    route: "/api/v1/patients",
    clinic: "3f2b6a1e-1234-5678-9abc-def012345678",
  });
  const [first, ...frames] = line.split("\n");
  assertEquals(readLogContext(first), {
    message: "GET /api/v1/patients failed: Error: duplicate key (phone)=([phone])",
    context: { route: "/api/v1/patients", clinic: "3f2b6a1e-1234-5678-9abc-def012345678" },
  });
  assertEquals(frames.every((f) => /^\s+at /.test(f)), true);
});
