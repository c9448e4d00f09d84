/**
 * OdontoX Bridge: watches the X-ray sensor's output folder on a chairside PC
 * and uploads every capture to the clinic.
 *
 *   deno task bridge --config bridge.config.json
 *   odontox-bridge --config "C:\ProgramData\OdontoX Bridge\bridge.config.json"
 *
 * Without `--config` it reads `bridge.config.json` in the working folder.
 * See bridge/README.md for the config file and for running it as a service.
 */
import { parseArgs } from "node:util";
import { BridgeAgent } from "./agent.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { createLogger } from "./log.ts";
import { serveStatusPage } from "./status.ts";
import { BRIDGE_VERSION } from "./version.ts";

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      config: { type: "string", short: "c", default: "bridge.config.json" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
  });
  if (values.version) {
    console.log(BRIDGE_VERSION);
    return 0;
  }
  if (values.help) {
    console.log("usage: odontox-bridge --config <bridge.config.json>");
    return 0;
  }

  let config;
  try {
    config = await loadConfig(values.config);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`OdontoX Bridge cannot start: the config file has problems\n${error.message}`);
      return 2;
    }
    throw error;
  }

  await Deno.mkdir(config.stateDir, { recursive: true });
  const logger = createLogger(config.stateDir);
  const agent = await BridgeAgent.create(config, logger);

  const stopServer = new AbortController();
  let statusUrl = "off";
  if (config.statusPort) {
    try {
      serveStatusPage(config.statusPort, () => agent.status, stopServer.signal);
      statusUrl = `http://127.0.0.1:${config.statusPort}/`;
    } catch (error) {
      logger.warn(`status page not available on port ${config.statusPort}: ${error}`);
    }
  }

  logger.info(`OdontoX Bridge ${BRIDGE_VERSION}`);
  logger.info(`  server:      ${config.serverUrl}`);
  logger.info(`  watching:    ${config.watchDir} (${config.patterns.join(" ")})`);
  logger.info(`  state:       ${config.stateDir}`);
  logger.info(`  status page: ${statusUrl}`);

  let stopping: Promise<void> | null = null;
  const shutdown = () =>
    stopping ??= (async () => {
      logger.info("stopping; queued captures are kept for the next start");
      await agent.stop();
      stopServer.abort();
      await logger.flush();
      Deno.exit(0);
    })();
  Deno.addSignalListener("SIGINT", shutdown);
  if (Deno.build.os !== "windows") Deno.addSignalListener("SIGTERM", shutdown);

  await agent.start();
  logger.info(`watching for new captures (${agent.status.queueLength} queued)`);
  return await new Promise<number>(() => {});
}

if (import.meta.main) {
  const code = await main();
  Deno.exit(code);
}
