/** `deno task seed`: migrates, then adds the demo clinics and accounts (idempotent). */
import { join } from "node:path";
import { loadConfig } from "../config.ts";
import { openDatabase } from "./client.ts";
import { migrate } from "./migrate.ts";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoData } from "./seed.ts";

const config = loadConfig();
if (config.env === "production") {
  console.error("seed: refusing to create demo accounts with a known password in production");
  Deno.exit(1);
}
const database = await openDatabase({
  url: config.databaseUrl,
  prepare: config.databasePrepare,
  dataDir: join(config.dataDir, "pg"),
});
try {
  await migrate(database.sql);
  await seedDemoData(database.db, { encryptionKey: config.encryptionKey });
  console.log(`demo data ready; every account's password is "${DEMO_PASSWORD}":`);
  for (const account of DEMO_ACCOUNTS) {
    console.log(`  ${account.email.padEnd(28)} ${account.label}`);
  }
} finally {
  await database.close();
}
