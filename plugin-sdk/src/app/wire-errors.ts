import {
  ConflictError,
  DomainError,
  ForbiddenError,
  InputError,
  LimitError,
  NotFoundError,
  UnauthenticatedError,
  UnavailableError,
} from '../errors/index.ts';
import type { WireError } from '../host-protocol.ts';
import type { JsonValue } from '../json.ts';

function toJson(value: unknown): JsonValue | undefined {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(JSON.stringify(value)) as JsonValue;
  } catch {
    return undefined;
  }
}

/** Serialises anything thrown into a `WireError`; non-domain errors become `app_error` (500). */
export function toWireError(error: unknown): WireError {
  if (error instanceof DomainError) {
    const details = toJson(error.details);
    return {
      status: error.status,
      code: error.code,
      message: error.text,
      ...(details === undefined ? {} : { details }),
    };
  }
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    status: 500,
    code: 'app_error',
    message: {
      zh: '应用内部出错，请稍后重试或联系应用开发商',
      en: 'The app failed; try again later or contact its vendor',
    },
    details: { reason: reason.slice(0, 2000) },
  };
}

/** Rebuilds the error class for a `WireError`, so app code can use `instanceof`. */
export function fromWireError(wire: WireError): DomainError {
  const details = wire.details as DomainError['details'];
  switch (wire.status) {
    case 400:
      return new InputError(wire.message, details, wire.code);
    case 401:
      return new UnauthenticatedError(wire.message, details, wire.code);
    case 403:
      return new ForbiddenError(wire.message, details, wire.code);
    case 404:
      return new NotFoundError(wire.message, details, wire.code);
    case 409:
      return new ConflictError(wire.message, details, wire.code);
    case 413:
    case 429:
      return new LimitError(wire.message, { status: wire.status, code: wire.code, details });
    default:
      return new UnavailableError(wire.message, details, wire.code);
  }
}
