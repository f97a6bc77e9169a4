import {
  BRIDGE_CHANNEL,
  BRIDGE_VERSION,
  type BridgeContext,
  type BridgeEvent,
  type BridgeMethods,
  type BridgeRequest,
  type BridgeResponse,
  isBridgeMessage,
  type NavigationTarget,
  type WireError,
} from './protocol.ts';

/** What the portal does for the app: the host draws dialogs and toasts, and navigates. */
export interface HostHandlers {
  context(): BridgeContext;
  navigate(target: NavigationTarget): void | Promise<void>;
  alert(params: BridgeMethods['dialog.alert']['params']): Promise<void>;
  confirm(params: BridgeMethods['dialog.confirm']['params']): Promise<boolean>;
  toast(params: BridgeMethods['toast.show']['params']): void;
  resize(height: number): void;
}

export interface BridgeHostOptions {
  /** The iframe's window: only messages whose `event.source` is this window are answered. */
  frame(): Pick<Window, 'postMessage'> | null;
  installationId: string;
  /** The page ids the app's manifest declares; `navigate` accepts no other. */
  pages: ReadonlyArray<string>;
  handlers: HostHandlers;
  fetch?: typeof fetch;
  /** The portal's own origin, to resolve app API paths against. */
  origin: string;
  /** Milliseconds before an `api.call` is abandoned; below the page's own 35 s. */
  apiTimeoutMs?: number;
  /** At most this many toasts per 10 s, so an app cannot bury the portal in them. */
  toastsPer10s?: number;
}

type JsonValue = BridgeMethods['api.call']['result']['body'];

class BridgeRefusal extends Error {
  readonly wire: WireError;
  constructor(status: number, code: string, zh: string, en: string) {
    super(en);
    this.wire = { status, code, message: { zh, en } };
  }
}

const invalid = (what: string) =>
  new BridgeRefusal(
    400,
    'invalid_request',
    `应用请求不正确：${what}`,
    `The app's request is invalid: ${what}`,
  );

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function text(value: unknown, name: string, max: number): string {
  if (typeof value !== 'string' || value.length > max) throw invalid(`${name} (≤ ${max} characters)`);
  return value;
}

const httpMethods = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const portalTargets = new Set(['workbench', 'messages', 'app-settings']);
const toastTypes = new Set(['success', 'info', 'warning', 'error']);

/**
 * The portal's side of the SDK bridge for one app iframe. It answers only its own frame
 * (`event.source`), validates every request's parameters as untrusted input, confines `api.call`
 * to the installation's own routes (`/apps/{installationId}/api/*`, where the server checks the
 * route's auth and the app's approved scopes with the user's session), and gives each API call a
 * timeout. Replies go to the frame's window with target `*`: a sandboxed frame has the opaque
 * origin "null", so the window reference is what addresses it.
 *
 * @example
 * const host = createBridgeHost({ frame: () => iframe.contentWindow, installationId, pages, handlers, origin: location.origin });
 * window.addEventListener('message', host.onMessage);
 */
export function createBridgeHost(options: BridgeHostOptions) {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const inFlight = new Set<AbortController>();
  const toastTimes: number[] = [];
  let dialogOpen = false;
  let disposed = false;

  function post(message: BridgeResponse | BridgeEvent) {
    if (!disposed) options.frame()?.postMessage(message, '*');
  }

  async function apiCall(params: unknown): Promise<BridgeMethods['api.call']['result']> {
    if (!isRecord(params)) throw invalid('params');
    const method = params['method'];
    if (typeof method !== 'string' || !httpMethods.has(method)) throw invalid('method');
    const path = text(params['path'], 'path', 2048);
    const base = `/apps/${encodeURIComponent(options.installationId)}/api`;
    if (!path.startsWith('/') || path.startsWith('//') || path.includes('\\')) throw invalid('path');
    // Resolve dot segments (also percent-encoded ones) the way the browser would, then confine.
    const url = new URL(base + path, options.origin);
    if (url.origin !== options.origin || !`${url.pathname}/`.startsWith(`${base}/`)) {
      throw new BridgeRefusal(
        403,
        'outside_app_api',
        '应用只能调用自己的接口',
        'An app may call only its own routes',
      );
    }
    const body = params['body'];
    if (body !== undefined && (method === 'GET' || method === 'DELETE')) throw invalid('body on GET/DELETE');
    const controller = new AbortController();
    inFlight.add(controller);
    const timer = setTimeout(() => controller.abort(), options.apiTimeoutMs ?? 30_000);
    try {
      const response = await doFetch(url.pathname + url.search, {
        method,
        credentials: 'same-origin',
        headers: {
          Accept: 'application/json',
          'Accept-Language': options.handlers.context().locale,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
      });
      const raw = await response.text();
      let parsed: JsonValue = raw === '' ? null : raw;
      if (raw !== '' && (response.headers.get('content-type') ?? '').includes('json')) {
        try {
          parsed = JSON.parse(raw) as JsonValue;
        } catch {
          parsed = raw;
        }
      }
      return { status: response.status, body: parsed };
    } catch (error) {
      if (controller.signal.aborted) {
        throw new BridgeRefusal(
          503,
          'bridge_timeout',
          '应用接口响应超时',
          'The app route did not answer in time',
        );
      }
      throw new BridgeRefusal(
        503,
        'network_error',
        '网络错误，请稍后重试',
        `Network error: ${String(error)}`,
      );
    } finally {
      clearTimeout(timer);
      inFlight.delete(controller);
    }
  }

  async function dialog<T>(open: () => Promise<T>): Promise<T> {
    if (dialogOpen) {
      throw new BridgeRefusal(409, 'dialog_open', '已有对话框未关闭', 'Another dialog is still open');
    }
    dialogOpen = true;
    try {
      return await open();
    } finally {
      dialogOpen = false;
    }
  }

  function navigation(params: unknown): NavigationTarget {
    if (!isRecord(params)) throw invalid('params');
    if ('portal' in params) {
      if (typeof params['portal'] !== 'string' || !portalTargets.has(params['portal']))
        throw invalid('portal');
      return { portal: params['portal'] as 'workbench' | 'messages' | 'app-settings' };
    }
    const page = text(params['page'], 'page', 64);
    if (!options.pages.includes(page)) throw invalid(`page ${page}`);
    const query = params['query'];
    if (query === undefined) return { page };
    if (!isRecord(query) || !Object.values(query).every((v) => typeof v === 'string')) throw invalid('query');
    return { page, query: query as Record<string, string> };
  }

  async function answer(request: BridgeRequest): Promise<unknown> {
    const params: unknown = request.params;
    const h = options.handlers;
    switch (request.method) {
      case 'context.get':
        return h.context();
      case 'navigate':
        await h.navigate(navigation(params));
        return null;
      case 'dialog.alert': {
        if (!isRecord(params)) throw invalid('params');
        const title = text(params['title'], 'title', 200);
        const message = text(params['message'], 'message', 4000);
        await dialog(() => h.alert({ title, message }));
        return null;
      }
      case 'dialog.confirm': {
        if (!isRecord(params)) throw invalid('params');
        const confirm = {
          title: text(params['title'], 'title', 200),
          message: text(params['message'], 'message', 4000),
          ...(params['confirmText'] === undefined
            ? {}
            : { confirmText: text(params['confirmText'], 'confirmText', 20) }),
          danger: params['danger'] === true,
        };
        return { confirmed: await dialog(() => h.confirm(confirm)) };
      }
      case 'toast.show': {
        if (!isRecord(params) || typeof params['type'] !== 'string' || !toastTypes.has(params['type'])) {
          throw invalid('type');
        }
        const now = Date.now();
        while (toastTimes.length && now - toastTimes[0]! > 10_000) toastTimes.shift();
        if (toastTimes.length >= (options.toastsPer10s ?? 5)) {
          throw new BridgeRefusal(429, 'too_many_toasts', '提示过于频繁', 'Too many toasts');
        }
        toastTimes.push(now);
        h.toast({ type: params['type'] as 'info', message: text(params['message'], 'message', 500) });
        return null;
      }
      case 'api.call':
        return apiCall(params);
      case 'frame.resize': {
        const height = isRecord(params) ? params['height'] : undefined;
        if (typeof height !== 'number' || !Number.isFinite(height) || height < 0 || height > 100_000) {
          throw invalid('height');
        }
        h.resize(Math.round(height));
        return null;
      }
      default:
        throw invalid('method');
    }
  }

  async function onMessage(event: MessageEvent) {
    const frame = options.frame();
    if (disposed || !frame || event.source !== frame) return;
    if (!isBridgeMessage(event.data) || event.data.kind !== 'request') return;
    const request = event.data;
    const envelope = {
      channel: BRIDGE_CHANNEL,
      version: BRIDGE_VERSION,
      kind: 'response',
      id: request.id,
    } as const;
    try {
      const result = (await answer(request)) as BridgeResponse extends infer R
        ? R extends { ok: true; result: infer V }
          ? V
          : never
        : never;
      post({ ...envelope, ok: true, result });
    } catch (error) {
      const wire: WireError =
        error instanceof BridgeRefusal
          ? error.wire
          : {
              status: 500,
              code: 'host_error',
              message: { zh: '门户处理请求时出错', en: 'The portal failed to handle the request' },
            };
      post({ ...envelope, ok: false, error: wire });
    }
  }

  return {
    onMessage: (event: MessageEvent) => void onMessage(event),
    /** Pushes a theme or locale change into the page. */
    emit(event: BridgeEvent['event'], data: BridgeEvent['data']) {
      post({ channel: BRIDGE_CHANNEL, version: BRIDGE_VERSION, kind: 'event', event, data } as BridgeEvent);
    },
    dispose() {
      disposed = true;
      for (const controller of inFlight) controller.abort();
    },
  };
}

export type BridgeHost = ReturnType<typeof createBridgeHost>;
