/**
 * @campusbase/plugin-sdk: everything a vendor imports to write an app's server code. It depends on
 * nothing of the platform's, and it is what gets bundled into `server.mjs`, so it stays small: the
 * manifest validator, packaging and the fake host live behind their own subpaths.
 */
export * from './errors/index.ts';
export { isJsonObject, type JsonArray, type JsonObject, type JsonPrimitive, type JsonValue } from './json.ts';
export { MANIFEST_FILE, SDK_API_VERSION } from './version.ts';
export { defineApp } from './app/define-app.ts';
export { AppResponse, reply, type ReplyOptions, type TextContentType } from './app/response.ts';
export type {
  AppContext,
  AppDefinition,
  AppDescription,
  AppEvent,
  AppTypes,
  CurrentUser,
  EventHandler,
  JobHandler,
  JobRun,
  LifecycleHooks,
  RouteHandler,
  RouteKey,
  RouteRequest,
  RouteResult,
} from './app/types.ts';
export type {
  Collection,
  Collections,
  CollectionTypes,
  FieldName,
  FieldOperators,
  Filter,
  FindQuery,
  KnownFields,
  Page,
  SortKey,
  StoredDocument,
  TransactionOperation,
  TransactionResult,
  WriteOptions,
} from './capabilities/collections.ts';
export type {
  Guardian,
  GuardianRelation,
  Org,
  OrgUnit,
  OrgUnitKind,
  People,
  PeopleQuery,
  Person,
  PersonContact,
  PersonKind,
} from './capabilities/directory.ts';
export type { CommandReceipt, Device, DeviceCommand, Iot } from './capabilities/iot.ts';
export type { Audience, Messages, OutgoingMessage, SentMessage } from './capabilities/messages.ts';
export type {
  FetchInit,
  FetchResponse,
  Http,
  Log,
  LogFields,
  LogLevel,
  Settings,
} from './capabilities/misc.ts';
export type { AppModule } from './host-protocol.ts';
export type { AppManifest } from './manifest/types.ts';
