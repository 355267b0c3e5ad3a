import type { CodexFingerprint } from '../fingerprint/codex-fingerprint.js';
import { startsWithLong } from './starts-with.js';

type Body = Record<string, unknown>;

export type InstructionsMode = 'auto' | 'prepend' | 'fallback' | 'off';

export interface PrepareBodyOptions {
  readonly model: string;
  readonly fingerprint: CodexFingerprint;
  /** Apply the CLI instructions and template fields at all. */
  readonly injectDetectionPayload: boolean;
  readonly instructionsMode: InstructionsMode;
  readonly injectCliTools: boolean;
  readonly dropParameters: readonly string[];
  /** The request comes from a Codex client (its prompt and developer messages stay as sent). */
  readonly codexClient: boolean;
  readonly promptCacheKey: string;
}

function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The text of a message content: a string, or its text parts joined. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content.trim();
  if (!Array.isArray(content)) return '';
  const texts: string[] = [];
  for (const part of content) {
    if (isObject(part) && typeof part['text'] === 'string' && part['text'].trim().length > 0) texts.push(part['text'].trim());
  }
  return texts.join('\n\n');
}

/**
 * The backend refuses `system` items in `input` and wants items typed: system (and, for
 * non-Codex clients, developer) messages move into `instructions` — their text, whether a string or
 * a part list ([Rec] of formats.md §5.8) — untyped messages get `type: "message"`, item references
 * (server-stored items, impossible with `store: false`) are dropped, a string input becomes one
 * user message.
 */
export function normalizeInput(body: Body, codexClient: boolean): string[] {
  const input = body['input'];
  if (typeof input === 'string') {
    body['input'] = input.length > 0 ? [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: input }] }] : [];
    return [];
  }
  if (!Array.isArray(input)) {
    body['input'] = [];
    return [];
  }
  const moved: string[] = [];
  const kept: unknown[] = [];
  for (const item of input) {
    if (!isObject(item)) {
      kept.push(item);
      continue;
    }
    if (item['type'] === 'item_reference') continue;
    const role = item['role'];
    if ('role' in item && 'content' in item) {
      if (role === 'system' || (role === 'developer' && !codexClient)) {
        const text = contentText(item['content']);
        if (text.length > 0) moved.push(text);
        continue;
      }
      if (item['type'] === undefined) item['type'] = 'message';
    }
    kept.push(item);
  }
  body['input'] = kept;
  return moved;
}

type InstructionOptions = Pick<PrepareBodyOptions, 'fingerprint' | 'injectDetectionPayload' | 'instructionsMode' | 'codexClient'>;

/** The instructions, and what follows the CLI prompt when it was prepended to the client's. */
function instructionParts(clientInstructions: string | undefined, options: InstructionOptions): { text: string; afterPrompt?: string } | undefined {
  const cli = options.fingerprint.instructions;
  const mode = options.injectDetectionPayload ? options.instructionsMode : 'off';
  if (mode === 'off') return clientInstructions === undefined ? undefined : { text: clientInstructions };
  if (clientInstructions === undefined) return { text: cli };
  if (mode === 'fallback') return { text: clientInstructions };
  if (mode === 'auto' && (options.codexClient || startsWithLong(clientInstructions, cli))) return { text: clientInstructions };
  const afterPrompt = `\n${clientInstructions}`;
  return { text: `${cli}${afterPrompt}`, afterPrompt };
}

/** `instructions` after the mode: the CLI prompt alone, prepended to the client's, or left out. */
export function resolveInstructions(clientInstructions: string | undefined, options: InstructionOptions): string | undefined {
  return instructionParts(clientInstructions, options)?.text;
}

/** Bodies whose instructions are the CLI prompt prepended here, with what follows the prompt. */
const prepended = new WeakMap<Body, { prompt: string; instructions: string; afterPrompt: string }>();

/**
 * What follows `prompt` in the body's instructions, when `prepareResponsesBody` prepended it and
 * the instructions are still those: the serializer then neither compares nor flattens the ~10 kB
 * concatenation (~50 kB of garbage per request).
 */
export function textAfterPrependedPrompt(body: Body, prompt: string): string | undefined {
  const known = prepended.get(body);
  return known !== undefined && known.prompt === prompt && known.instructions === body['instructions'] ? known.afterPrompt : undefined;
}

/** Copies the CLI template's fields the request lacks; tools only when configured. */
function applyTemplate(body: Body, options: PrepareBodyOptions): void {
  const template = options.fingerprint.template;
  const tools = body['tools'];
  const hasTools = Array.isArray(tools) && tools.length > 0;
  // Template values are shared, never copied: the body is serialized right away and nothing mutates them.
  if (!hasTools && options.injectCliTools && Array.isArray(template['tools'])) body['tools'] = template['tools'];
  for (const key of ['reasoning', 'include', 'parallel_tool_calls'] as const) {
    if (body[key] === undefined && template[key] !== undefined) body[key] = template[key];
  }
  const withTools = Array.isArray(body['tools']) && body['tools'].length > 0;
  if (withTools && body['tool_choice'] === undefined && template['tool_choice'] !== undefined) body['tool_choice'] = template['tool_choice'];
}

/** JSON Schemas may legitimately name properties `_id`: private-key removal skips them. */
const SCHEMA_KEYS = new Set(['parameters', 'schema', 'input_schema', 'arguments']);

/** Deletes every `_`-prefixed key (internal markers some clients leave) at any depth, schemas excepted. */
export function removePrivateKeys(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) removePrivateKeys(item);
    return;
  }
  if (!isObject(value)) return;
  for (const key of Object.keys(value)) {
    if (key.startsWith('_')) delete value[key];
    else if (!SCHEMA_KEYS.has(key)) {
      const child = value[key];
      if (typeof child === 'object' && child !== null) removePrivateKeys(child);
    }
  }
}

/**
 * Turns a Responses request (the client's own, or converted) into what the ChatGPT backend
 * accepts (providers.md §3.4), editing only what must change: the model, `input` normalisation,
 * the instructions, template fields, `stream: true`, `store: false`, rejected parameters, and the
 * prompt cache key. Everything else — reasoning items and their encrypted content included — is
 * left as the client sent it. Mutates and returns `body`.
 */
export function prepareResponsesBody(body: Body, options: PrepareBodyOptions): Body {
  body['model'] = options.model;
  const moved = normalizeInput(body, options.codexClient);
  const existing = typeof body['instructions'] === 'string' && body['instructions'].trim().length > 0 ? body['instructions'] : undefined;
  const client = moved.length === 0 ? existing : [existing?.trim(), ...moved].filter((text): text is string => text !== undefined && text.length > 0).join('\n\n');
  const instructions = instructionParts(client, options);
  if (instructions === undefined) delete body['instructions'];
  else body['instructions'] = instructions.text;
  if (instructions?.afterPrompt !== undefined) prepended.set(body, { prompt: options.fingerprint.instructions, instructions: instructions.text, afterPrompt: instructions.afterPrompt });
  else prepended.delete(body);
  if (options.injectDetectionPayload) applyTemplate(body, options);
  body['stream'] = true;
  body['store'] = false;
  for (const key of options.dropParameters) delete body[key];
  removePrivateKeys(body);
  if (typeof body['prompt_cache_key'] !== 'string' || body['prompt_cache_key'].length === 0) body['prompt_cache_key'] = options.promptCacheKey;
  return body;
}
