// Error stage (formats.md §8): never throws; anything it cannot parse is wrapped with the status kept.
import type { FormatId } from '../format-id.js';
import type { AnthropicErrorBody } from '../models/anthropic.js';
import type { OpenAiErrorBody } from '../models/chat.js';
import type { JsonObject } from '../shared/json.js';
import { asObject, asString, isObject, safeStringify } from '../shared/json.js';
import {
  anthropicToOpenAiError,
  anthropicTypeForStatus,
  isAnthropicErrorType,
  openAiToAnthropicType,
  openAiTypeForStatus,
} from './error-mapping.js';

interface ParsedError {
  message: string;
  type: string | undefined;
  code: string | undefined;
  param: string | null;
}

/** Reads any upstream error body: Anthropic, OpenAI, FastAPI `{detail}`, bare text. */
export function parseErrorBody(body: unknown): ParsedError {
  if (typeof body === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return { message: body.trim().length > 0 ? body : 'upstream error', type: undefined, code: undefined, param: null };
    }
    return parseErrorBody(parsed);
  }
  if (body instanceof Uint8Array) return parseErrorBody(new TextDecoder().decode(body));
  if (!isObject(body)) return { message: body === undefined || body === null ? 'upstream error' : safeStringify(body), type: undefined, code: undefined, param: null };
  const error = body['error'];
  if (isObject(error)) {
    const code = error['code'];
    return {
      message: asString(error['message']) ?? asString(error['detail']) ?? safeStringify(error),
      type: asString(error['type']) ?? undefined,
      code: typeof code === 'string' ? code : typeof code === 'number' ? String(code) : undefined,
      param: asString(error['param']) ?? null,
    };
  }
  if (typeof error === 'string' && error.length > 0) return { message: error, type: undefined, code: undefined, param: null };
  let detail = body['detail'];
  if (Array.isArray(detail)) detail = safeStringify(detail);
  const message =
    [detail, body['message'], body['error_description']].find((v): v is string => typeof v === 'string' && v.length > 0) ??
    (Object.keys(body).length > 0 ? safeStringify(body) : 'upstream error');
  return { message, type: asString(body['type']) === 'error' ? undefined : asString(body['type']), code: asString(body['code']), param: null };
}

export function anthropicErrorBody(type: string, message: string): AnthropicErrorBody {
  return { type: 'error', error: { type: isAnthropicErrorType(type) ? type : 'api_error', message } };
}

export function openAiErrorBody(message: string, type: string, code: string | null, param: string | null = null): OpenAiErrorBody {
  return { error: { message, type, param, code } };
}

/**
 * Converts an upstream error body (`from` = upstream format) into the client's format (`to`).
 * The HTTP status is kept. Never throws.
 */
export function convertError(from: FormatId, to: FormatId, status: number, body: unknown): { status: number; body: Record<string, unknown> } {
  const parsed = parseErrorBody(body);
  if (to === 'anthropic.messages') {
    const type =
      from === 'anthropic.messages' && isAnthropicErrorType(parsed.type)
        ? parsed.type
        : from === 'anthropic.messages'
          ? parsed.type === undefined ? anthropicTypeForStatus(status) : 'api_error'
          : openAiToAnthropicType(parsed.type, parsed.code, status);
    const out: JsonObject = anthropicErrorBody(type, parsed.message);
    const requestId = isObject(body) ? asString(body['request_id']) : undefined;
    if (requestId) out['request_id'] = requestId;
    return { status, body: out };
  }
  if (from === 'anthropic.messages') {
    const anthropicType = parsed.type ?? anthropicTypeForStatus(status);
    const mapped = anthropicToOpenAiError(anthropicType, parsed.message);
    return { status, body: openAiErrorBody(parsed.message, mapped.type, mapped.code) };
  }
  // OpenAI ↔ OpenAI: keep the body's own fields, normalise {detail} and fill param/code.
  const type = parsed.type ?? openAiTypeForStatus(status);
  const out: JsonObject = { error: { message: parsed.message, type, param: parsed.param, code: parsed.code ?? null } };
  if (isObject(body) && isObject(body['error'])) {
    out['error'] = { ...(asObject(body['error']) ?? {}), ...(out['error'] as JsonObject) };
  }
  return { status, body: out };
}

/** One of our own errors, in the client's format (§8.1). */
export function errorBody(format: FormatId, status: number, message: string, type?: string): Record<string, unknown> {
  if (format === 'anthropic.messages') {
    const anthropicType = type !== undefined && isAnthropicErrorType(type) ? type : anthropicTypeForStatus(status);
    return anthropicErrorBody(anthropicType, message);
  }
  const openAiType = type ?? openAiTypeForStatus(status);
  const code = format === 'openai.responses' ? openAiType : String(status);
  return openAiErrorBody(message, openAiType, code);
}
