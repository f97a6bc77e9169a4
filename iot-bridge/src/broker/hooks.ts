import type { AedesOptions, Client } from 'aedes';
import type { DeviceAuthority, MqttPrincipal } from '../auth/device-auth.ts';
import type { IngestItem } from '../ingest/pipeline.ts';

const principals = new WeakMap<Client, MqttPrincipal>();

export interface RegistryHookOptions {
  onRefused?: (event: { clientId: string; reason: string; topic?: string }) => void;
  /**
   * Ingest inside the broker: device `up/` messages go to this sink (the bridge's `ingest`) and the
   * device's PUBACK waits until the batch holding the message committed. Returns null while the
   * bridge is not started yet; the message is then refused and the device resends it.
   */
  ingest?: () => ((item: IngestItem) => void) | null;
}

/**
 * aedes hooks that check the device registry: CONNECT with username = device id and password =
 * secret; PUBLISH only under the device's own `up/`; SUBSCRIBE only to its own `down/`.
 * A refused publish closes the connection (MQTT 3.1.1 has no negative PUBACK).
 *
 * aedes calls `authorizePublish` before it sends a QoS 1 PUBACK and sends none when the hook
 * answers with an error, so with `ingest` a device message is acknowledged only once stored: a
 * crash anywhere before the PUBACK makes the device resend, and the telemetry key skips the copy.
 */
export function registryHooks(
  authority: DeviceAuthority,
  options: RegistryHookOptions = {},
): Pick<AedesOptions, 'authenticate' | 'authorizePublish' | 'authorizeSubscribe'> {
  const { onRefused } = options;
  return {
    authenticate(client, username, password, done) {
      authority.authenticate(username, password?.toString('utf8')).then(
        (principal) => {
          if (!principal) {
            onRefused?.({ clientId: client.id, reason: 'bad credentials' });
            const error = Object.assign(new Error('Bad username or password'), { returnCode: 4 });
            return done(error as Parameters<typeof done>[0], false);
          }
          principals.set(client, principal);
          done(null, true);
        },
        (error: Error) => done(Object.assign(error, { returnCode: 3 }) as Parameters<typeof done>[0], false),
      );
    },
    authorizePublish(client, packet, done) {
      const principal = client ? principals.get(client) : undefined;
      // Broker-originated messages (will messages after the client is gone are checked at connect).
      if (!client) return done(null);
      if (!principal || !authority.canPublish(principal, packet.topic)) {
        onRefused?.({ clientId: client.id, reason: 'publish outside own topics', topic: packet.topic });
        return done(new Error(`Publishing to ${packet.topic} is not allowed`));
      }
      if (principal.kind === 'device' && options.ingest) {
        const sink = options.ingest();
        if (!sink) return done(new Error('ingest is not running yet; resend'));
        const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
        sink({ topic: packet.topic, payload, at: Date.now(), done: (error) => done(error ?? null) });
        return;
      }
      done(null);
    },
    authorizeSubscribe(client, subscription, done) {
      const principal = principals.get(client);
      // With ingest in the broker, a bridge subscription to `up/` would store everything twice and
      // bring back the broker-side queue this mode avoids: only `campusbase start` ingests here.
      const doubled = options.ingest && principal?.kind === 'bridge' && /\/up\/#$/.test(subscription.topic);
      if (!principal || doubled || !authority.canSubscribe(principal, subscription.topic)) {
        onRefused?.({
          clientId: client.id,
          reason: 'subscribe outside own topics',
          topic: subscription.topic,
        });
        return done(new Error(`Subscribing to ${subscription.topic} is not allowed`), null);
      }
      done(null, subscription);
    },
  };
}
