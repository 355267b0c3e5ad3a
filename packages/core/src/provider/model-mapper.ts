import { z } from 'zod';

/** One model mapping rule of a provider config (providers.md §1.4). */
export const modelMappingRuleSchema = z.object({
  match: z.string().min(1),
  target: z.string().min(1),
  kind: z.enum(['exact', 'prefix', 'suffix', 'regex']).default('exact'),
  flags: z.array(z.literal('IGNORECASE')).default([]),
  notes: z.string().optional(),
});

export type ModelMappingRule = z.input<typeof modelMappingRuleSchema>;

export interface ModelMapping {
  /** The model the client asked for. */
  readonly requested: string;
  /** The model sent upstream (same as requested when no rule matched). */
  readonly sent: string;
  readonly mapped: boolean;
}

export interface ModelMapper {
  map(model: string): ModelMapping;
}

/** First matching rule wins; the target is not mapped again. Invalid regexes are refused up front. */
export function createModelMapper(rules: readonly ModelMappingRule[]): ModelMapper {
  const compiled = rules.map((input) => {
    const rule = modelMappingRuleSchema.parse(input);
    const ignoreCase = rule.flags.includes('IGNORECASE');
    if (rule.kind === 'regex') {
      const pattern = new RegExp(rule.match, ignoreCase ? 'i' : '');
      return { target: rule.target, test: (model: string) => pattern.test(model) };
    }
    const match = ignoreCase ? rule.match.toLowerCase() : rule.match;
    const normalize = (model: string) => (ignoreCase ? model.toLowerCase() : model);
    const test =
      rule.kind === 'prefix'
        ? (model: string) => normalize(model).startsWith(match)
        : rule.kind === 'suffix'
          ? (model: string) => normalize(model).endsWith(match)
          : (model: string) => normalize(model) === match;
    return { target: rule.target, test };
  });
  return {
    map(model) {
      const rule = compiled.find((candidate) => candidate.test(model));
      return rule && rule.target !== model ? { requested: model, sent: rule.target, mapped: true } : { requested: model, sent: model, mapped: false };
    },
  };
}

/**
 * Puts the client's model name back into a response: every `model` field (recursively) becomes
 * `clientModel`, which also hides dated upstream ids (`gpt-5-2025-08-07`) after a mapping.
 */
export function restoreModel<T>(value: T, clientModel: string): T {
  if (Array.isArray(value)) {
    for (const item of value) restoreModel(item, clientModel);
  } else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    for (const [key, child] of Object.entries(record)) {
      if (key === 'model' && typeof child === 'string') record[key] = clientModel;
      else if (typeof child === 'object' && child !== null) restoreModel(child, clientModel);
    }
  }
  return value;
}
