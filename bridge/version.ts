/** Reported in every heartbeat; Settings → Bridge Devices shows it per device. */
export const BRIDGE_VERSION = "1.4.0";
