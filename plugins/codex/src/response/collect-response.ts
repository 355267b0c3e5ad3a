import { createSseParser } from '@ccproxy/core';

type Json = Record<string, unknown>;

/** An error the upstream reported inside its stream (`response.failed` or an `error` event). */
export interface StreamFailureInfo {
  readonly code: string | undefined;
  readonly message: string;
  /** The upstream's error object, kept for fields like `resets_in_seconds`. */
  readonly raw: Json;
}

export interface CollectedResponse {
  /** The final Responses object, or undefined when the stream carried none. */
  readonly response: Json | undefined;
  readonly failure: StreamFailureInfo | undefined;
  /** Whether a terminal event (`response.completed`, `.incomplete`, `.failed`, `error`) arrived. */
  readonly terminated: boolean;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function failureFrom(source: Json | undefined, fallback: string): StreamFailureInfo {
  const raw = source ?? {};
  const code = typeof raw['code'] === 'string' ? raw['code'] : typeof raw['type'] === 'string' && raw['type'] !== 'error' ? raw['type'] : undefined;
  const message = typeof raw['message'] === 'string' && raw['message'].length > 0 ? raw['message'] : fallback;
  return { code, message, raw };
}

/** Reads one in-stream failure from a parsed event, if it is one. */
export function failureOfEvent(event: Json): StreamFailureInfo | undefined {
  if (event['type'] === 'response.failed') {
    const response = isObject(event['response']) ? event['response'] : undefined;
    return failureFrom(isObject(response?.['error']) ? response['error'] : undefined, 'The response failed');
  }
  if (event['type'] === 'error') return failureFrom(isObject(event['error']) ? event['error'] : event, 'Upstream stream error');
  return undefined;
}

/**
 * The stream-to-buffer service (core.md §12.8): reads the whole upstream Responses stream and
 * rebuilds the final object from the last event carrying a `response` (normally
 * `response.completed`), with the defaults `created_at: 0`, `status: "completed"`, `model: ""`,
 * `parallel_tool_calls: false`, and `output` rebuilt from `response.output_item.done` events when
 * the terminal event has none.
 */
export async function collectResponse(body: AsyncIterable<Buffer>): Promise<CollectedResponse> {
  let last: Json | undefined;
  let failure: StreamFailureInfo | undefined;
  let terminated = false;
  const items = new Map<number, Json>();
  const parser = createSseParser((event) => {
    if (terminated || event.data === '[DONE]') return;
    let value: unknown;
    try {
      value = JSON.parse(event.data);
    } catch {
      return;
    }
    if (!isObject(value)) return;
    if (value['type'] === undefined && event.event !== undefined) value['type'] = event.event;
    if (isObject(value['response'])) last = value['response'];
    const type = value['type'];
    if (type === 'response.output_item.done' && isObject(value['item'])) {
      items.set(typeof value['output_index'] === 'number' ? value['output_index'] : items.size, value['item']);
    } else if (type === 'response.completed' || type === 'response.incomplete') {
      terminated = true;
    } else {
      const failed = failureOfEvent(value);
      if (failed) {
        failure = failed;
        terminated = true;
      }
    }
  });
  // Read to the end (the upstream closes right after its terminal event): keeps the connection reusable.
  // The first bytes are kept in case the body is not SSE at all but one JSON object.
  const head: Buffer[] = [];
  let headBytes = 0;
  let sawEvent = false;
  for await (const chunk of body) {
    if (!sawEvent && headBytes < JSON_FALLBACK_LIMIT) {
      head.push(chunk);
      headBytes += chunk.length;
    }
    parser.push(chunk);
    sawEvent ||= last !== undefined || items.size > 0 || terminated;
  }
  parser.end();
  if (!sawEvent && last === undefined && !terminated && headBytes > 0 && headBytes < JSON_FALLBACK_LIMIT) return fromJsonBody(Buffer.concat(head));
  const output = [...items.entries()].sort((a, b) => a[0] - b[0]).map(([, item]) => item);
  return { response: finalResponse(last, output), failure, terminated };
}

/** Bodies up to this size are tried as a whole JSON response when they carry no SSE event. */
const JSON_FALLBACK_LIMIT = 1_048_576;

/** A backend (or a proxy in front of it) that answered one JSON object instead of a stream. */
function fromJsonBody(raw: Buffer): CollectedResponse {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    return { response: undefined, failure: undefined, terminated: false };
  }
  if (!isObject(value)) return { response: undefined, failure: undefined, terminated: false };
  if (isObject(value['error'])) return { response: undefined, failure: failureFrom(value['error'], 'Upstream error'), terminated: true };
  const response = isObject(value['response']) ? value['response'] : value;
  if (response['object'] !== 'response' && !Array.isArray(response['output'])) return { response: undefined, failure: undefined, terminated: false };
  return { response: finalResponse(response, []), failure: undefined, terminated: true };
}

function finalResponse(last: Json | undefined, items: Json[]): Json | undefined {
  if (!last && items.length === 0) return undefined;
  const response: Json = last
    ? { ...last }
    : { id: `resp_${Date.now().toString(16)}`, object: 'response', created_at: Math.floor(Date.now() / 1000), status: 'completed', model: '', output: [] };
  if (typeof response['created_at'] !== 'number') response['created_at'] = 0;
  if (typeof response['status'] !== 'string') response['status'] = 'completed';
  if (typeof response['model'] !== 'string') response['model'] = '';
  if (typeof response['parallel_tool_calls'] !== 'boolean') response['parallel_tool_calls'] = false;
  if (!Array.isArray(response['output'])) response['output'] = [];
  if ((response['output'] as unknown[]).length === 0 && items.length > 0) response['output'] = items;
  return response;
}
