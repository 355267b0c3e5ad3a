import type { ModelMapper } from '@ccproxy/core';
import type { SystemTextBlock } from './fingerprint/claude-code-fingerprint.js';
import type { TopLevelEdit } from '@ccproxy/core';
import { limitCacheControl } from './cache-control.js';
import { prepareSystem } from './system-prompt.js';

export interface BodyPreparation {
  /** Top-level changes to apply (bytes on the native route, the object on converted ones). */
  readonly edits: TopLevelEdit[];
  readonly modelRequested: string;
  readonly modelSent: string;
  readonly mapped: boolean;
  readonly stream: boolean;
}

export interface PrepareOptions {
  readonly mapper: ModelMapper;
  readonly injected: readonly SystemTextBlock[];
}

/**
 * Decides the edits an Anthropic Messages body needs before it goes upstream (providers.md §2.3):
 * model alias, `temperature: null` / `top_p` clean-up, billing lines out of the system prompt,
 * Claude Code's system blocks in front, at most four cache_control markers. Reads `body`; may
 * mutate nested blocks whose parent it then lists as an edit.
 */
export function prepareAnthropicBody(body: Record<string, unknown>, options: PrepareOptions): BodyPreparation {
  const edits: TopLevelEdit[] = [];
  const requested = typeof body['model'] === 'string' ? body['model'] : '';
  const mapping = options.mapper.map(requested);
  if (mapping.mapped) edits.push({ key: 'model', value: mapping.sent });

  if ('temperature' in body && body['temperature'] === null) edits.push({ key: 'temperature', remove: true });
  else if (body['temperature'] !== undefined && body['top_p'] !== undefined) edits.push({ key: 'top_p', remove: true });

  const system = prepareSystem(body['system'], options.injected);
  const finalSystem = system.changed ? system.system : Array.isArray(body['system']) ? body['system'] : undefined;
  const limited = limitCacheControl(finalSystem, system.injectedCount, body['messages'], body['tools']);
  if (system.changed || limited.system) {
    edits.push(finalSystem === undefined ? { key: 'system', remove: true } : { key: 'system', value: finalSystem });
  }
  if (limited.messages) edits.push({ key: 'messages', value: body['messages'] });
  if (limited.tools) edits.push({ key: 'tools', value: body['tools'] });

  return { edits, modelRequested: requested, modelSent: mapping.sent, mapped: mapping.mapped, stream: body['stream'] === true };
}
