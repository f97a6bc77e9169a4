import type { AedesOptions, Client } from 'aedes';
import type { DeviceAuthority, MqttPrincipal } from '../auth/device-auth.ts';

const principals = new WeakMap<Client, MqttPrincipal>();

/**
 * aedes hooks that check the device registry: CONNECT with username = device id and password =
 * secret; PUBLISH only under the device's own `up/`; SUBSCRIBE only to its own `down/`.
 * A refused publish closes the connection (MQTT 3.1.1 has no negative PUBACK).
 */
export function registryHooks(
  authority: DeviceAuthority,
  onRefused?: (event: { clientId: string; reason: string; topic?: string }) => void,
): Pick<AedesOptions, 'authenticate' | 'authorizePublish' | 'authorizeSubscribe'> {
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
      done(null);
    },
    authorizeSubscribe(client, subscription, done) {
      const principal = principals.get(client);
      if (!principal || !authority.canSubscribe(principal, subscription.topic)) {
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
