/**
 * The bridge client for an app page inside the portal's sandboxed iframe. It talks only to
 * `window.parent`, only through postMessage, with a timeout per call.
 *
 * @example
 * const bridge = connectBridge();
 * const { user, theme } = await bridge.context();
 * const notices = await bridge.api.get('/notices');
 */
import { fromWireError } from '../app/wire-errors.ts';
import {
  BRIDGE_CHANNEL,
  BRIDGE_TIMEOUTS,
  BRIDGE_VERSION,
  type BridgeContext,
  type BridgeMethod,
  type BridgeMethods,
  type BridgeRequest,
  isBridgeMessage,
  type NavigationTarget,
  type ThemeTokens,
} from '../bridge/protocol.ts';
import { type DomainError, UnavailableError } from '../errors/index.ts';
import type { Locale } from '../errors/index.ts';
import { isJsonObject, type JsonValue } from '../json.ts';

/** The few browser objects the client needs; the real `window` satisfies it. */
export interface BridgeWindow {
  readonly parent: { postMessage(message: unknown, targetOrigin: string): void };
  readonly location: { readonly search: string };
  addEventListener(type: 'message', listener: (event: BridgeMessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: BridgeMessageEvent) => void): void;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface BridgeMessageEvent {
  readonly data: unknown;
  readonly origin: string;
  readonly source: unknown;
}

export interface ConnectOptions {
  /** Default: the global `window`. */
  readonly window?: BridgeWindow;
  /** Default: the `cbHostOrigin` query parameter the portal puts into the page URL. */
  readonly hostOrigin?: string;
  /** Overrides the per-method timeouts (milliseconds). */
  readonly timeoutMs?: number;
}

export interface Bridge {
  call<M extends BridgeMethod>(
    method: M,
    params: BridgeMethods[M]['params'],
  ): Promise<BridgeMethods[M]['result']>;
  context(): Promise<BridgeContext>;
  navigate(target: NavigationTarget): Promise<void>;
  alert(title: string, message: string): Promise<void>;
  confirm(options: BridgeMethods['dialog.confirm']['params']): Promise<boolean>;
  toast(type: BridgeMethods['toast.show']['params']['type'], message: string): Promise<void>;
  /** Calls this app's own routes; a status of 400 or more rejects with the matching error class. */
  readonly api: {
    get(path: string): Promise<JsonValue | string | null>;
    post(path: string, body?: JsonValue): Promise<JsonValue | string | null>;
    put(path: string, body?: JsonValue): Promise<JsonValue | string | null>;
    patch(path: string, body?: JsonValue): Promise<JsonValue | string | null>;
    delete(path: string): Promise<JsonValue | string | null>;
  };
  onThemeChange(listener: (theme: ThemeTokens) => void): () => void;
  onLocaleChange(listener: (locale: Locale) => void): () => void;
  resize(height: number): Promise<void>;
  dispose(): void;
}

let counter = 0;

export function connectBridge(options: ConnectOptions = {}): Bridge {
  const win = options.window ?? (globalThis as unknown as BridgeWindow);
  const hostOrigin = options.hostOrigin ?? new URLSearchParams(win.location.search).get('cbHostOrigin');
  if (hostOrigin === null || hostOrigin === undefined || hostOrigin === '') {
    throw new TypeError(
      'connectBridge: the page URL has no cbHostOrigin; open the page from the portal or `campusbase-app dev`',
    );
  }
  const origin: string = hostOrigin;
  const pending = new Map<
    string,
    { resolve(value: JsonValue): void; reject(error: DomainError): void; timer: unknown }
  >();
  const themeListeners = new Set<(theme: ThemeTokens) => void>();
  const localeListeners = new Set<(locale: Locale) => void>();

  function onMessage(event: BridgeMessageEvent): void {
    if (event.source !== win.parent || event.origin !== origin || !isBridgeMessage(event.data)) return;
    const message = event.data;
    if (message.kind === 'response') {
      const call = pending.get(message.id);
      if (!call) return;
      pending.delete(message.id);
      win.clearTimeout(call.timer);
      if (message.ok) call.resolve(message.result);
      else call.reject(fromWireError(message.error));
    } else if (message.kind === 'event') {
      if (message.event === 'theme.changed') for (const listener of themeListeners) listener(message.data);
      else for (const listener of localeListeners) listener(message.data.locale);
    }
  }
  win.addEventListener('message', onMessage);

  function call<M extends BridgeMethod>(
    method: M,
    params: BridgeMethods[M]['params'],
  ): Promise<BridgeMethods[M]['result']> {
    counter += 1;
    const id = `${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 10)}`;
    const request: BridgeRequest<M> = {
      channel: BRIDGE_CHANNEL,
      version: BRIDGE_VERSION,
      kind: 'request',
      id,
      method,
      params,
    };
    return new Promise((resolve, reject) => {
      const timer = win.setTimeout(() => {
        pending.delete(id);
        reject(
          new UnavailableError(
            {
              zh: `门户未在规定时间内响应（${method}），请刷新页面重试`,
              en: `The portal did not answer ${method} in time; reload the page`,
            },
            { method },
            'bridge_timeout',
          ),
        );
      }, options.timeoutMs ?? BRIDGE_TIMEOUTS[method]);
      pending.set(id, { resolve: (value) => resolve(value as BridgeMethods[M]['result']), reject, timer });
      win.parent.postMessage(request, origin);
    });
  }

  async function api(method: BridgeMethods['api.call']['params']['method'], path: string, body?: JsonValue) {
    const result = await call('api.call', body === undefined ? { method, path } : { method, path, body });
    if (result.status < 400) return result.body;
    const error =
      typeof result.body === 'string' || !isJsonObject(result.body) ? undefined : result.body['error'];
    const detail = isJsonObject(error) ? error : {};
    const message = typeof detail['message'] === 'string' ? detail['message'] : `HTTP ${result.status}`;
    const code = typeof detail['code'] === 'string' ? detail['code'] : 'http_error';
    throw fromWireError({ status: result.status, code, message: { zh: message, en: message } });
  }

  return {
    call,
    context: () => call('context.get', {}),
    navigate: async (target) => {
      await call('navigate', target);
    },
    alert: async (title, message) => {
      await call('dialog.alert', { title, message });
    },
    confirm: async (params) => (await call('dialog.confirm', params)).confirmed,
    toast: async (type, message) => {
      await call('toast.show', { type, message });
    },
    api: {
      get: (path) => api('GET', path),
      post: (path, body) => api('POST', path, body),
      put: (path, body) => api('PUT', path, body),
      patch: (path, body) => api('PATCH', path, body),
      delete: (path) => api('DELETE', path),
    },
    onThemeChange(listener) {
      themeListeners.add(listener);
      return () => themeListeners.delete(listener);
    },
    onLocaleChange(listener) {
      localeListeners.add(listener);
      return () => localeListeners.delete(listener);
    },
    resize: async (height) => {
      await call('frame.resize', { height: Math.ceil(height) });
    },
    dispose() {
      win.removeEventListener('message', onMessage);
      for (const [id, entry] of pending) {
        win.clearTimeout(entry.timer);
        entry.reject(
          new UnavailableError({ zh: '页面已关闭', en: 'The page was closed' }, { id }, 'bridge_closed'),
        );
      }
      pending.clear();
    },
  };
}
