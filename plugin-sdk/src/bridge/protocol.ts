/**
 * The browser bridge: postMessage between an app page (in `<iframe sandbox="allow-scripts
 * allow-forms">`, opaque origin, served from the app origin) and the portal that hosts it.
 *
 * - The page sends `BridgeRequest`s to `window.parent` and accepts messages only when
 *   `event.source === window.parent` and `event.origin` is the portal origin it was given in its URL
 *   (`?cbHostOrigin=`). The portal accepts messages only when `event.source` is that iframe's
 *   `contentWindow` (the origin is `"null"` for a sandboxed frame, so the source is the check).
 * - Every request has a unique `id`; the portal answers exactly once with a `BridgeResponse` of the
 *   same id. The page fails a call with `bridge_timeout` after `BRIDGE_TIMEOUTS[method]`.
 * - `api.call` reaches only this installation's own routes (`/apps/{installationId}/api/*`); the
 *   portal adds the session, and the server checks the route's `auth` and the app's scopes exactly
 *   as for any other call. The page never sees a session token.
 * - The portal pushes `BridgeEvent`s (theme or locale changed) without an id.
 */
import type { CurrentUser } from '../app/types.ts';
import type { Locale } from '../errors/index.ts';
import type { WireError } from '../host-protocol.ts';
import type { JsonValue } from '../json.ts';
import type { HttpMethod } from '../manifest/types.ts';

/** The tag on every bridge message, so unrelated postMessage traffic is ignored. */
export const BRIDGE_CHANNEL = 'campusbase.bridge';
export const BRIDGE_VERSION = 1;

export interface ThemeTokens {
  readonly dark: boolean;
  /** CSS custom properties without the leading `--cb-`: `{ 'color-primary': '#1677ff', … }`. */
  readonly tokens: { readonly [name: string]: string };
}

export interface BridgeContext {
  readonly app: { readonly id: string; readonly version: string; readonly installationId: string };
  readonly page: string;
  readonly user: CurrentUser;
  readonly locale: Locale;
  readonly theme: ThemeTokens;
  readonly approvedScopes: ReadonlyArray<string>;
}

export type NavigationTarget =
  | { readonly page: string; readonly query?: { readonly [name: string]: string } }
  | { readonly portal: 'workbench' | 'messages' | 'app-settings' };

/** Requests the page may make: method → params and result. */
export interface BridgeMethods {
  'context.get': { params: Record<string, never>; result: BridgeContext };
  navigate: { params: NavigationTarget; result: null };
  'dialog.alert': { params: { title: string; message: string }; result: null };
  'dialog.confirm': {
    params: { title: string; message: string; confirmText?: string; danger?: boolean };
    result: { confirmed: boolean };
  };
  'toast.show': { params: { type: 'success' | 'info' | 'warning' | 'error'; message: string }; result: null };
  'api.call': {
    params: {
      method: HttpMethod;
      /** Below the app's API root, starting with `/`: `/notices?limit=20`. */
      path: string;
      body?: JsonValue;
    };
    result: { status: number; body: JsonValue | string | null };
  };
  /** Asks the portal to size the iframe to the page's content height. */
  'frame.resize': { params: { height: number }; result: null };
}

export type BridgeMethod = keyof BridgeMethods;

/** Milliseconds before the page gives up on an answer. Dialogs wait for a person. */
export const BRIDGE_TIMEOUTS: { readonly [M in BridgeMethod]: number } = {
  'context.get': 5_000,
  navigate: 5_000,
  'dialog.alert': 30 * 60_000,
  'dialog.confirm': 30 * 60_000,
  'toast.show': 5_000,
  'api.call': 35_000,
  'frame.resize': 5_000,
};

export const BRIDGE_METHODS = Object.keys(BRIDGE_TIMEOUTS) as ReadonlyArray<BridgeMethod>;

interface Envelope {
  readonly channel: typeof BRIDGE_CHANNEL;
  readonly version: typeof BRIDGE_VERSION;
}

export interface BridgeRequest<M extends BridgeMethod = BridgeMethod> extends Envelope {
  readonly kind: 'request';
  readonly id: string;
  readonly method: M;
  readonly params: BridgeMethods[M]['params'];
}

export type BridgeResponse =
  | (Envelope & {
      readonly kind: 'response';
      readonly id: string;
      readonly ok: true;
      readonly result: JsonValue;
    })
  | (Envelope & {
      readonly kind: 'response';
      readonly id: string;
      readonly ok: false;
      readonly error: WireError;
    });

export type BridgeEvent =
  | (Envelope & { readonly kind: 'event'; readonly event: 'theme.changed'; readonly data: ThemeTokens })
  | (Envelope & {
      readonly kind: 'event';
      readonly event: 'locale.changed';
      readonly data: { locale: Locale };
    });

export type BridgeMessage = BridgeRequest | BridgeResponse | BridgeEvent;

function isRecord(value: unknown): value is { readonly [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Narrows an untrusted `event.data` to a bridge message of this version (shape only). */
export function isBridgeMessage(data: unknown): data is BridgeMessage {
  if (!isRecord(data) || data['channel'] !== BRIDGE_CHANNEL || data['version'] !== BRIDGE_VERSION)
    return false;
  switch (data['kind']) {
    case 'request':
      return (
        typeof data['id'] === 'string' &&
        typeof data['method'] === 'string' &&
        (BRIDGE_METHODS as ReadonlyArray<string>).includes(data['method']) &&
        isRecord(data['params'])
      );
    case 'response':
      return typeof data['id'] === 'string' && typeof data['ok'] === 'boolean';
    case 'event':
      return typeof data['event'] === 'string';
    default:
      return false;
  }
}
