import type { JsonValue } from '../json.ts';

export type TextContentType = 'text/plain' | 'text/csv' | 'text/markdown';

export interface ReplyOptions {
  readonly status?: number;
  readonly headers?: { readonly [name: string]: string };
}

/**
 * A route's explicit response. A handler may instead return any JSON value (sent as 200 JSON) or
 * nothing (204).
 *
 * @example
 * return reply.json({ id }, { status: 201 });
 * return reply.text(csv, { contentType: 'text/csv', headers: { 'content-disposition': 'attachment; filename="notices.csv"' } });
 */
export class AppResponse {
  readonly status: number;
  readonly headers: { readonly [name: string]: string };
  readonly body:
    | { readonly type: 'json'; readonly value: JsonValue }
    | { readonly type: 'text'; readonly value: string; readonly contentType: TextContentType }
    | { readonly type: 'empty' };

  constructor(status: number, headers: { readonly [name: string]: string }, body: AppResponse['body']) {
    if (!Number.isInteger(status) || status < 200 || status > 599) {
      throw new RangeError(`A response status must be an integer from 200 to 599, not ${status}`);
    }
    this.status = status;
    this.headers = headers;
    this.body = body;
  }
}

export const reply = {
  json(value: JsonValue, options: ReplyOptions = {}): AppResponse {
    return new AppResponse(options.status ?? 200, options.headers ?? {}, { type: 'json', value });
  },
  text(value: string, options: ReplyOptions & { readonly contentType?: TextContentType } = {}): AppResponse {
    const contentType = options.contentType ?? 'text/plain';
    return new AppResponse(options.status ?? 200, options.headers ?? {}, {
      type: 'text',
      value,
      contentType,
    });
  },
  noContent(options: Omit<ReplyOptions, 'status'> = {}): AppResponse {
    return new AppResponse(204, options.headers ?? {}, { type: 'empty' });
  },
};
