/**
 * What the app runtime needs from other domains, as small interfaces the composition root wires.
 * A port that is not wired makes its capability answer 503 ("not available on this platform").
 */

export interface AppAuditEntry {
  tenantId: string;
  actorPersonId: string | null;
  /** `app.capability.http.fetch`, `app.sandbox.memory`, `app.install`, … */
  action: string;
  targetType: 'app_installation';
  targetId: string;
  result: 'success' | 'failure' | 'denied';
  details: Record<string, unknown>;
}

/** The audit log (core/src/audit); entries are per school. */
export interface AppAuditPort {
  record(entry: AppAuditEntry): Promise<void>;
}

type Json = unknown;

/** People and org units of a school, already limited to basic or contact fields by the caller. */
export interface DirectoryPort {
  getPerson(tenantId: string, id: string, includeContact: boolean): Promise<Json | null>;
  listPeople(tenantId: string, query: Record<string, unknown>): Promise<Json>;
  getOrgUnit(tenantId: string, id: string): Promise<Json | null>;
  listOrgUnits(tenantId: string, query: Record<string, unknown>): Promise<Json>;
  /** The guardians of an active student of the school; NotFoundError for anyone else. */
  guardiansOf(tenantId: string, studentId: string): Promise<Json>;
}

/** The message centre: sends in the name of an installation (its per-app quota applies there too). */
export interface MessagesPort {
  send(
    tenantId: string,
    sender: { installationId: string; appId: string; appName: string },
    audience: Json,
    message: Json,
  ): Promise<Json>;
}

/** Devices of a school: the runtime checks `iot:commands:<type>` with the type this port reports. */
export interface IotPort {
  listDevices(tenantId: string, type: string): Promise<Json>;
  deviceType(tenantId: string, deviceId: string): Promise<string | null>;
  sendCommand(tenantId: string, command: Record<string, unknown>): Promise<Json>;
}

export interface RuntimePorts {
  audit: AppAuditPort;
  directory?: DirectoryPort;
  messages?: MessagesPort;
  iot?: IotPort;
}
