// Input checks shared by the request converters: only what makes a conversion impossible fails.
import { FormatConversionError } from '../errors/format-conversion-error.js';
import type { JsonObject } from '../shared/json.js';
import { isObject } from '../shared/json.js';

export function requireObjectBody(body: unknown, what: string): JsonObject {
  if (!isObject(body)) throw new FormatConversionError(`${what} request body must be a JSON object`);
  return body;
}

export function requireMessages(body: JsonObject, key: string, what: string): unknown[] {
  const messages = body[key];
  if (!Array.isArray(messages)) throw new FormatConversionError(`${what} request needs a "${key}" array`);
  return messages;
}

export function requireMessageObject(message: unknown, index: number, key: string): JsonObject {
  if (!isObject(message)) throw new FormatConversionError(`${key}[${index}] must be an object`);
  return message;
}
