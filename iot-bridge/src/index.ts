/**
 * @campusbase/iot-bridge: the embedded MQTT broker, the ingest client, device state and commands.
 * It defines the ports it needs and never imports core.
 */
export { type EmbeddedBroker, type EmbeddedBrokerOptions, startEmbeddedBroker } from './broker/index.ts';
