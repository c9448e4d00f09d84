/** What the Bridge devices page shows: the clinic's devices, and the operatories a new one may join. */
import type { Db } from "../db/client.ts";
import { listOperatories, type Operatory } from "../appointments/operatories.ts";
import { type DeviceSummary, listDevices } from "./devices.ts";

export interface BridgeDevicesOverview {
  devices: DeviceSummary[];
  operatories: Operatory[];
}

export async function bridgeDevicesOverview(
  db: Db,
  clinicId: string,
  timeZone: string,
): Promise<BridgeDevicesOverview> {
  const [devices, operatories] = await Promise.all([
    listDevices(db, clinicId, timeZone),
    listOperatories(db, clinicId),
  ]);
  return { devices, operatories };
}
