/**
 * @campusbase/iot-bridge: the device registry, the embedded MQTT broker with registry auth/ACL,
 * the loss-free ingest bridge, device state, commands, event routing, alarms, the simulator.
 * It defines the ports it needs (./ports.ts) and never imports core.
 */
export { type DeviceAuthority, type MqttPrincipal, createDeviceAuthority } from './auth/device-auth.ts';
export { type EmbeddedBroker, type EmbeddedBrokerOptions, startEmbeddedBroker } from './broker/index.ts';
export { registryHooks } from './broker/hooks.ts';
export {
  type CommandService,
  type SendCommandInput,
  createCommandService,
  expireCommands,
} from './commands/commands.ts';
export { type DynsecSync, connectDynsec } from './dynsec/mosquitto.ts';
export { type Bridge, type BridgeOptions, type BridgeStats, startBridge } from './ingest/bridge.ts';
export type * from './ports.ts';
export { type AlarmRuleInput, type IotQueries, createIotQueries } from './registry/queries.ts';
export {
  type CredentialSync,
  type DeviceInput,
  type DeviceRegistry,
  type IssuedCredentials,
  type ProfileInput,
  createDeviceRegistry,
} from './registry/service.ts';
export { hashDeviceSecret, newDeviceSecret, verifyDeviceSecret } from './secrets.ts';
export type * from './tables.ts';
export { devicePrefix, downTopic, parseUpTopic } from './topics.ts';
export { demoProfiles } from './simulator/profiles.ts';
