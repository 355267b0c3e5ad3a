// Content helpers shared by the request converters: data URLs, text extraction.
import type { JsonObject } from './json.js';
import { asObject, asString, isObject } from './json.js';

export interface DataUrl {
  mediaType: string;
  data: string;
}

/** Parses `data:<media type>;base64,<data>`; undefined for anything else. */
export function parseDataUrl(url: string): DataUrl | undefined {
  if (!url.startsWith('data:')) return undefined;
  const comma = url.indexOf(',');
  if (comma === -1) return undefined;
  const meta = url.slice(5, comma);
  if (!meta.endsWith(';base64')) return undefined;
  return { mediaType: meta.slice(0, -';base64'.length) || 'application/octet-stream', data: url.slice(comma + 1) };
}

export function toDataUrl(mediaType: string, data: string): string {
  return `data:${mediaType};base64,${data}`;
}

/** Anthropic image/document block → a URL (data URL for base64 sources), or undefined. */
export function anthropicSourceUrl(block: JsonObject): string | undefined {
  const source = asObject(block['source']);
  if (!source) return undefined;
  if (source['type'] === 'base64') {
    const data = asString(source['data']);
    if (data === undefined) return undefined;
    return toDataUrl(asString(source['media_type']) ?? 'application/octet-stream', data);
  }
  if (source['type'] === 'url') return asString(source['url']);
  return undefined;
}

/** A URL → Anthropic image block (base64 for data URLs, url source otherwise). */
export function urlToAnthropicImage(url: string): JsonObject {
  const parsed = parseDataUrl(url);
  if (parsed) return { type: 'image', source: { type: 'base64', media_type: parsed.mediaType, data: parsed.data } };
  return { type: 'image', source: { type: 'url', url } };
}

/** A file (data URL or plain URL) → Anthropic document block; undefined when unusable. */
export function fileToAnthropicDocument(fileData: string | undefined, fileUrl: string | undefined, filename?: string): JsonObject | undefined {
  let block: JsonObject | undefined;
  if (fileData) {
    const parsed = parseDataUrl(fileData);
    if (parsed) {
      block = parsed.mediaType === 'text/plain'
        ? { type: 'document', source: { type: 'text', media_type: 'text/plain', data: Buffer.from(parsed.data, 'base64').toString('utf8') } }
        : { type: 'document', source: { type: 'base64', media_type: parsed.mediaType, data: parsed.data } };
    }
  } else if (fileUrl) {
    block = { type: 'document', source: { type: 'url', url: fileUrl } };
  }
  if (block && filename) block['title'] = filename;
  return block;
}

/** The text of an OpenAI-style content value: a string, or the text of its text-like parts joined. */
export function openAiContentText(content: unknown, separator: string): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const pieces: string[] = [];
  for (const part of content) {
    if (typeof part === 'string') pieces.push(part);
    else if (isObject(part)) {
      const type = part['type'];
      if (type === 'text' || type === 'input_text' || type === 'output_text') {
        const text = asString(part['text']);
        if (text !== undefined) pieces.push(text);
      } else if (type === 'refusal') {
        const refusal = asString(part['refusal']);
        if (refusal !== undefined) pieces.push(refusal);
      }
    }
  }
  return pieces.join(separator);
}

/** The text of an Anthropic content value (string or blocks): text blocks joined. */
export function anthropicContentText(content: unknown, separator: string): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const pieces: string[] = [];
  for (const block of content) {
    if (isObject(block) && block['type'] === 'text') {
      const text = asString(block['text']);
      if (text !== undefined) pieces.push(text);
    }
  }
  return pieces.join(separator);
}
