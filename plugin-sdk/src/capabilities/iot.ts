import type { JsonObject } from '../json.ts';

/** Devices of the school. Events come in through `events` handlers; commands go out from here. */

export interface Device {
  readonly id: string;
  /** Device type such as `gate`, `class-board`. */
  readonly type: string;
  readonly name: string;
  readonly online: boolean;
  /** The class or room the device is placed in. */
  readonly orgUnitId: string | null;
}

export interface DeviceCommand {
  readonly deviceId: string;
  readonly command: string;
  readonly params?: JsonObject;
  /** Drop the command when the device stays offline this long; default 300. */
  readonly ttlSeconds?: number;
}

export interface CommandReceipt {
  readonly commandId: string;
  readonly status: 'queued' | 'sent';
}

export interface Iot {
  /** Devices of a type for which the app holds `iot:events:<type>` or `iot:commands:<type>`. */
  listDevices(query: { readonly type: string }): Promise<ReadonlyArray<Device>>;
  /** Needs `iot:commands:<type of the device>`. */
  sendCommand(command: DeviceCommand): Promise<CommandReceipt>;
}
