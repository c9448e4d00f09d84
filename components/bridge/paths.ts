/** Where the Bridge devices page lives; its forms post under it. */
export const BRIDGE_DEVICES_PATH = "/settings/bridge-devices";
