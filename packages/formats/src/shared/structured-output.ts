// Structured output (formats.md §4.8). Anthropic has no request field for it here, so it is
// emulated with one system-prompt suffix, worded the same for Chat and Responses clients.
import type { JsonObject } from './json.js';
import { asObject, asString, safeStringify } from './json.js';

export const JSON_OBJECT_INSTRUCTION = 'Respond ONLY with a valid JSON object. No prose. Do not wrap in markdown.';
export const JSON_SCHEMA_INSTRUCTION = 'Respond ONLY with JSON strictly conforming to this JSON Schema. No prose. Do not wrap in markdown.\n';

/** System suffix for a Chat `response_format`, or undefined. */
export function chatResponseFormatInstruction(responseFormat: unknown): string | undefined {
  const format = asObject(responseFormat);
  if (!format) return undefined;
  if (format['type'] === 'json_object') return JSON_OBJECT_INSTRUCTION;
  if (format['type'] === 'json_schema') {
    const jsonSchema = asObject(format['json_schema']) ?? {};
    return JSON_SCHEMA_INSTRUCTION + safeStringify(jsonSchema['schema'] ?? jsonSchema);
  }
  return undefined;
}

/** System suffix for a Responses `text.format`, or undefined. */
export function responsesTextFormatInstruction(text: unknown): string | undefined {
  const format = asObject(asObject(text)?.['format']);
  if (!format) return undefined;
  if (format['type'] === 'json_object') return JSON_OBJECT_INSTRUCTION;
  if (format['type'] === 'json_schema') {
    return JSON_SCHEMA_INSTRUCTION + safeStringify(format['schema'] ?? format['json_schema'] ?? {});
  }
  return undefined;
}

const JSON_SCHEMA_KEYS = ['name', 'schema', 'strict', '$defs', 'description'] as const;

/** Chat `response_format` → Responses `text.format`. */
export function chatResponseFormatToTextFormat(responseFormat: unknown): JsonObject | undefined {
  const format = asObject(responseFormat);
  const type = asString(format?.['type']);
  if (!format || !type) return undefined;
  if (type === 'text' || type === 'json_object') return { type };
  if (type === 'json_schema') {
    const jsonSchema = asObject(format['json_schema']) ?? {};
    const out: JsonObject = { type: 'json_schema' };
    for (const key of JSON_SCHEMA_KEYS) if (jsonSchema[key] !== undefined && jsonSchema[key] !== null) out[key] = jsonSchema[key];
    if (out['name'] === undefined) out['name'] = 'response';
    return out;
  }
  return undefined;
}

/** Responses `text.format` → Chat `response_format` (the inverse; [Defect] B18). */
export function textFormatToChatResponseFormat(format: unknown): JsonObject | undefined {
  const value = asObject(format);
  const type = asString(value?.['type']);
  if (!value || !type) return undefined;
  if (type === 'text' || type === 'json_object') return { type };
  if (type === 'json_schema') {
    const jsonSchema: JsonObject = { name: asString(value['name']) ?? 'response' };
    for (const key of ['schema', 'strict', 'description'] as const) {
      if (value[key] !== undefined && value[key] !== null) jsonSchema[key] = value[key];
    }
    return { type: 'json_schema', json_schema: jsonSchema };
  }
  return undefined;
}
