import type { JsonObject, JsonValue } from '../json.ts';

/** The school admin's configuration for this installation, validated against `settings.schema`. */
export interface Settings<S extends JsonObject = JsonObject> {
  get(): Promise<S>;
}

export interface FetchInit {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly headers?: { readonly [name: string]: string };
  /** A string body; use `JSON.stringify` for JSON. */
  readonly body?: string;
  /** Default 10000, at most 30000. */
  readonly timeoutMs?: number;
}

export interface FetchResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: { readonly [name: string]: string };
  text(): string;
  json(): JsonValue;
}

/** HTTPS only, and only to hosts the app holds `http:fetch:<host>` for. Responses over 5 MB fail. */
export interface Http {
  fetch(url: string, init?: FetchInit): Promise<FetchResponse>;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = { readonly [key: string]: JsonValue };

/** Structured logs, stored with the school, installation and request id by the host. */
export interface Log {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}
