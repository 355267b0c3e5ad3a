import type { FormatId } from '../declaration/formats.js';

/** Anthropic's error `type` for an HTTP status (core.md §10.7). */
export function anthropicErrorType(status: number): string {
  if (status === 400 || status === 413 || status === 422) return 'invalid_request_error';
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status === 503 || status === 529) return 'overloaded_error';
  if (status === 504) return 'timeout_error';
  return 'api_error';
}

/**
 * The body of an error the proxy itself produces, in the caller's API format, so the official SDKs
 * surface our message instead of a parse failure.
 */
export function errorResponseBody(
  format: FormatId | undefined,
  status: number,
  type: string,
  message: string,
  details?: Record<string, unknown>,
): Record<string, unknown> {
  switch (format) {
    case 'anthropic.messages':
      return { type: 'error', error: { type: anthropicErrorType(status), message } };
    case 'openai.chat_completions':
      return { error: { message, type, param: null, code: String(status) } };
    case 'openai.responses':
      return { error: { message, type, param: null, code: type } };
    default:
      return { error: { type, message, ...(details ? { details } : {}) } };
  }
}
