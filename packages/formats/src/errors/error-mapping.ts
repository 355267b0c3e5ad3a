// Error type tables (formats.md §8.1–§8.3, §8.6).
import type { AnthropicErrorType } from '../models/anthropic.js';

const ANTHROPIC_TYPES = new Set<string>([
  'invalid_request_error',
  'authentication_error',
  'billing_error',
  'permission_error',
  'not_found_error',
  'request_too_large',
  'rate_limit_error',
  'timeout_error',
  'api_error',
  'overloaded_error',
]);

export function isAnthropicErrorType(value: unknown): value is AnthropicErrorType {
  return typeof value === 'string' && ANTHROPIC_TYPES.has(value);
}

/** (API) The Anthropic error type an HTTP status stands for. */
export function anthropicTypeForStatus(status: number): AnthropicErrorType {
  switch (status) {
    case 400:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 402:
      return 'billing_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 503:
    case 529:
      return 'overloaded_error';
    case 504:
      return 'timeout_error';
    default:
      return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

/** The OpenAI error type an HTTP status stands for (our own errors and `{detail}` bodies). */
export function openAiTypeForStatus(status: number): string {
  switch (status) {
    case 401:
      return 'authentication_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 429:
      return 'rate_limit_error';
    default:
      return status >= 500 ? 'server_error' : 'invalid_request_error';
  }
}

export interface OpenAiErrorInfo {
  type: string;
  code: string | null;
}

/** Anthropic error type → OpenAI `type` + `code` (§8.2 [Rec]); unknown types → `api_error`. */
export function anthropicToOpenAiError(type: string | undefined, message: string): OpenAiErrorInfo {
  switch (type) {
    case 'invalid_request_error':
      return { type: 'invalid_request_error', code: null };
    case 'authentication_error':
      return { type: 'authentication_error', code: 'invalid_api_key' };
    case 'permission_error':
      return { type: 'permission_error', code: null };
    case 'not_found_error':
      return { type: 'invalid_request_error', code: /model/i.test(message) ? 'model_not_found' : null };
    case 'rate_limit_error':
      return { type: 'rate_limit_error', code: 'rate_limit_exceeded' };
    case 'api_error':
      return { type: 'server_error', code: null };
    case 'overloaded_error':
      return { type: 'server_error', code: 'server_is_overloaded' };
    case 'billing_error':
      return { type: 'invalid_request_error', code: 'insufficient_quota' };
    case 'timeout_error':
      return { type: 'server_error', code: null };
    case 'request_too_large':
      return { type: 'invalid_request_error', code: null };
    default:
      return { type: 'api_error', code: null };
  }
}

/** OpenAI error `type` (+ `code`) → Anthropic error type (§8.3 [Rec]); unknown → by HTTP status. */
export function openAiToAnthropicType(type: string | undefined, code: string | undefined, status: number): AnthropicErrorType {
  switch (type) {
    case 'invalid_request_error':
      if (code === 'insufficient_quota') return 'billing_error';
      return status === 413 ? 'request_too_large' : status === 404 ? 'not_found_error' : 'invalid_request_error';
    case 'authentication_error':
      return 'authentication_error';
    case 'permission_error':
      return 'permission_error';
    case 'not_found_error':
      return 'not_found_error';
    case 'rate_limit_error':
      return 'rate_limit_error';
    case 'insufficient_quota':
      return 'billing_error';
    case 'server_error':
    case 'internal_server_error':
    case 'api_error':
      return code === 'server_is_overloaded' || status === 503 || status === 529 ? 'overloaded_error' : 'api_error';
    case 'overloaded_error':
      return 'overloaded_error';
    case 'timeout_error':
      return 'timeout_error';
    default: {
      const byCode = codeToAnthropicType(code);
      return byCode !== 'api_error' ? byCode : anthropicTypeForStatus(status);
    }
  }
}

/** In-stream OpenAI error code → OpenAI `type` for Chat clients (§8.6). */
export function codeToOpenAiType(code: string | null | undefined): string {
  if (!code) return 'server_error';
  if (code === 'rate_limit_exceeded') return 'rate_limit_error';
  if (code === 'context_length_exceeded' || code.startsWith('invalid_')) return 'invalid_request_error';
  if (code === 'server_is_overloaded' || code === 'slow_down') return 'server_error';
  if (code === 'insufficient_quota') return 'insufficient_quota';
  return 'server_error';
}

/** In-stream OpenAI error code → Anthropic error type (§8.6). */
export function codeToAnthropicType(code: string | null | undefined): AnthropicErrorType {
  if (!code) return 'api_error';
  if (code === 'rate_limit_exceeded') return 'rate_limit_error';
  if (code === 'context_length_exceeded' || code.startsWith('invalid_')) return 'invalid_request_error';
  if (code === 'server_is_overloaded' || code === 'slow_down') return 'overloaded_error';
  if (code === 'insufficient_quota') return 'billing_error';
  return 'api_error';
}

/** Anthropic error type → Responses in-stream `code` (§8.6). */
export function anthropicTypeToCode(type: string): string {
  if (type === 'overloaded_error') return 'server_is_overloaded';
  if (type === 'rate_limit_error') return 'rate_limit_exceeded';
  return type;
}

export interface FailureLike {
  status?: number;
  type?: string;
  message: string;
}

/** The transport failure types of formats.md §2.4, passed to OpenAI clients as they are. */
const TRANSPORT_TYPES = new Set(['timeout_error', 'connection_error', 'http_error', 'internal_server_error']);

/** A mid-stream failure → OpenAI `type` + `code` for Chat clients. */
export function failureToOpenAi(failure: FailureLike): OpenAiErrorInfo {
  if (failure.type !== undefined && TRANSPORT_TYPES.has(failure.type)) return { type: failure.type, code: null };
  if (isAnthropicErrorType(failure.type)) return anthropicToOpenAiError(failure.type, failure.message);
  if (failure.type) return { type: failure.type, code: null };
  return { type: failure.status ? openAiTypeForStatus(failure.status) : 'server_error', code: null };
}

/** A mid-stream failure → Anthropic error type. */
export function failureToAnthropicType(failure: FailureLike): AnthropicErrorType {
  if (isAnthropicErrorType(failure.type)) return failure.type;
  if (failure.type === 'connection_error' || failure.type === 'http_error' || failure.type === 'internal_server_error') {
    return failure.status ? anthropicTypeForStatus(failure.status) : 'api_error';
  }
  if (failure.type) return openAiToAnthropicType(failure.type, undefined, failure.status ?? 500);
  return failure.status ? anthropicTypeForStatus(failure.status) : 'api_error';
}

/** A mid-stream failure → Responses error `code`. */
export function failureToResponsesCode(failure: FailureLike): string {
  if (isAnthropicErrorType(failure.type)) return anthropicTypeToCode(failure.type);
  return failure.type ?? 'server_error';
}
