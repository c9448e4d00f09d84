/**
 * Invoice Studio's demo: the platform's billing details and three invoices of Demo Dental's
 * Pro subscription (one paid, one sent, one draft with an extra line and a discount). The
 * logo stays the default mark; the superadmin can upload one on the branding page.
 */
import { count, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { users } from "../db/schema.ts";
import { platformInvoices } from "../db/schema/platform-invoices.ts";
import { ensureBillingProfile } from "./branding.ts";
import { createInvoice, markSent, recordPayment, saveDraft } from "./invoices.ts";

export async function seedDemoPlatformInvoices(db: Db, clinicIds: Map<string, string>) {
  await ensureBillingProfile(db, {
    legalName: "OdontoX Technologies (Private) Limited",
    address: "Office 4, 2nd Floor, Arfa Software Technology Park\nFerozepur Road, Lahore 54000",
    ntn: "4512987-3",
    billingEmail: "billing@odontox.test",
  });
  const [{ invoices }] = await db.select({ invoices: count() }).from(platformInvoices);
  const clinicId = clinicIds.get("demo-dental");
  const [superadmin] = await db.select({ id: users.id }).from(users)
    .where(eq(users.email, "superadmin@odontox.test"));
  if (invoices > 0 || !clinicId || !superadmin) return;
  const actorId = superadmin.id;

  const october = await createInvoice(db, {
    clinicId,
    month: "2026-10",
    actorId,
    now: new Date("2026-10-01T06:00:00Z"),
  });
  await markSent(db, { id: october.id, actorId, now: new Date("2026-10-01T07:00:00Z") });
  await recordPayment(db, {
    id: october.id,
    amountMinor: october.totalMinor,
    paidOn: "2026-10-09",
    method: "bank_transfer",
    reference: "HBL-TRX-448210",
    actorId,
    now: new Date("2026-10-09T10:00:00Z"),
  });

  const november = await createInvoice(db, {
    clinicId,
    month: "2026-11",
    actorId,
    now: new Date("2026-11-01T06:00:00Z"),
  });
  await markSent(db, { id: november.id, actorId, now: new Date("2026-11-01T07:00:00Z") });

  const december = await createInvoice(db, {
    clinicId,
    month: "2026-12",
    actorId,
    now: new Date("2026-12-01T06:00:00Z"),
  });
  await saveDraft(db, {
    id: december.id,
    actorId,
    lines: [
      {
        kind: "plan",
        description: "Pro plan · monthly subscription, December 2026",
        quantity: 1,
        unitPriceMinor: december.subtotalMinor,
      },
      {
        kind: "extra",
        description: "Additional chairside bridge licence",
        quantity: 2,
        unitPriceMinor: 150000,
      },
    ],
    discountMinor: 50000,
    notes: "Loyalty discount for six months on Pro. Thank you for choosing OdontoX.",
    dueDate: december.dueDate,
  });
}
