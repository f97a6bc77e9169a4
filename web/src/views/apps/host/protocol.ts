/**
 * The SDK's browser bridge protocol, shared with app pages (plugin-sdk/src/bridge/protocol.ts).
 * The SDK does not export it as a subpath yet, so the portal reaches the file directly; it is
 * plain TypeScript with no platform internals, and both sides stay on one definition.
 */
export {
  BRIDGE_CHANNEL,
  BRIDGE_TIMEOUTS,
  BRIDGE_VERSION,
  type BridgeContext,
  type BridgeEvent,
  type BridgeMethod,
  type BridgeMethods,
  type BridgeRequest,
  type BridgeResponse,
  isBridgeMessage,
  type NavigationTarget,
  type ThemeTokens,
} from '../../../../../plugin-sdk/src/bridge/protocol.ts';
export type { WireError } from '../../../../../plugin-sdk/src/host-protocol.ts';
