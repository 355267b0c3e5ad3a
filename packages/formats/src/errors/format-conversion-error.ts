// The one error type the converters throw, for input they cannot convert.

const FORMAT_CONVERSION_ERROR = Symbol.for('ccproxy.formats.conversion-error');

export interface FormatConversionErrorOptions {
  /** HTTP status to answer with: 400 for client requests (default), 502 for upstream bodies. */
  status?: number;
  /** Error type in the client's vocabulary, default `invalid_request_error`. */
  type?: string;
  cause?: unknown;
}

export class FormatConversionError extends Error {
  readonly [FORMAT_CONVERSION_ERROR] = true;
  readonly status: number;
  readonly type: string;

  constructor(message: string, options: FormatConversionErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FormatConversionError';
    this.status = options.status ?? 400;
    this.type = options.type ?? (this.status >= 500 ? 'api_error' : 'invalid_request_error');
  }

  /** Cross-copy check (works when two copies of the package are loaded). */
  static is(value: unknown): value is FormatConversionError {
    return typeof value === 'object' && value !== null && FORMAT_CONVERSION_ERROR in value;
  }
}
