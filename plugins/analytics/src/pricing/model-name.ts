/**
 * Names to try, in order, when looking a model up in the price table: the exact (lower-cased) name
 * first, then the same model without decorations that do not change its price — a provider or
 * Bedrock prefix, a `[1m]` context tag, a Vertex `@date`, a `-YYYYMMDD`/`-YYYY-MM-DD` snapshot
 * date, a Bedrock `-v1:0` version, `-latest`, and Claude's dotted or `-0` spellings
 * (`claude-sonnet-4.5`, `claude-opus-4-0`). Never crosses model families.
 */
export function modelNameCandidates(model: string): string[] {
  const candidates: string[] = [];
  const add = (name: string) => {
    if (name && !candidates.includes(name)) candidates.push(name);
  };
  let name = model.trim().toLowerCase();
  add(name);
  name = name.replace(/\[[^\]]*\]$/, '');
  add(name);
  if (name.includes('/')) name = name.slice(name.lastIndexOf('/') + 1);
  name = name.replace(/^(anthropic|openai|us|eu|apac|global)\./, '').replace(/^(anthropic|openai|us|eu|apac|global)\./, '');
  add(name);
  name = name.replace(/@.*$/, '').replace(/-v\d+(:\d+)?$/, '');
  add(name);
  name = name.replace(/-\d{8}$/, '').replace(/-\d{4}-\d{2}-\d{2}$/, '');
  add(name);
  name = name.replace(/-latest$/, '');
  add(name);
  if (name.startsWith('claude-')) {
    name = name.replace(/(\d)\.(\d)/g, '$1-$2');
    add(name);
    name = name.replace(/-(\d+)-0$/, '-$1');
    add(name);
  }
  return candidates;
}
