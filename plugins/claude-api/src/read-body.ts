import { CcproxyError, type ProxyRequest } from '@ccproxy/core';

type JsonObject = Record<string, unknown>;

/** What a route checks itself; everything else is left to the upstream (providers.md §2.1 [Rec]). */
export interface BodyRules {
  readonly model?: 'required' | 'optional';
  readonly messages?: boolean;
  readonly maxTokens?: boolean;
  /** Status for a body that is not JSON or breaks a rule: 422 (Python parity) or 400. */
  readonly status: 400 | 422;
  /** A faster parse for bodies that repeat a long member (undefined: the usual parse). */
  readonly parse?: (raw: Buffer) => JsonObject | undefined;
}

function invalid(status: number, problems: string[]): CcproxyError {
  return new CcproxyError('INVALID_REQUEST', problems.join('; '), { status, type: status === 422 ? 'validation_error' : 'invalid_request_error' });
}

/**
 * Parses the body as a JSON object and checks only the fields the proxy itself relies on
 * (`model` string, `messages` array, `max_tokens` integer), so unknown block types and new API
 * fields still reach the upstream.
 */
export function readBody(request: ProxyRequest, rules: BodyRules): JsonObject {
  let body: JsonObject;
  try {
    body = rules.parse?.(request.rawBody) ?? request.json<JsonObject>();
  } catch (error) {
    throw invalid(rules.status, [CcproxyError.is(error) ? error.message : 'the request body is not valid JSON']);
  }
  const problems: string[] = [];
  const model = body['model'];
  if (rules.model === 'required' && (typeof model !== 'string' || model.trim().length === 0)) {
    problems.push(model === undefined ? 'body -> model: Field required' : 'body -> model: Input should be a non-empty string');
  } else if (rules.model === 'optional' && model !== undefined && typeof model !== 'string') {
    problems.push('body -> model: Input should be a valid string');
  }
  if (rules.messages && !Array.isArray(body['messages'])) {
    problems.push(body['messages'] === undefined ? 'body -> messages: Field required' : 'body -> messages: Input should be a valid list');
  }
  if (rules.maxTokens) {
    const maxTokens = body['max_tokens'];
    if (maxTokens === undefined) problems.push('body -> max_tokens: Field required');
    else if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1) problems.push('body -> max_tokens: Input should be a positive integer');
  }
  if (problems.length > 0) throw invalid(rules.status, problems);
  return body;
}
