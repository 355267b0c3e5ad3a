import { describe, expect, it } from 'vitest';
import { DEFAULT_FINGERPRINT } from '../src/index.js';
import { prepareResponsesBody } from '../src/request/prepare-body.js';
import { serializeBody } from '../src/request/serialize-body.js';

const CLI = DEFAULT_FINGERPRINT.instructions;

describe('serializeBody', () => {
  it('is byte-identical to JSON.stringify, whatever the instructions', () => {
    const bodies = [
      { model: 'm', instructions: CLI, input: [] },
      { model: 'm', instructions: `${CLI}\nclient "quoted" \u2028 text`, input: [{ text: 'é' }] },
      { model: 'm', instructions: 'only the client', input: [] },
      { model: 'm', input: [] },
      { input: [{ type: 'message', content: [{ type: 'input_text', text: CLI }] }], instructions: `${CLI}\u0000` },
    ];
    for (const body of bodies) {
      const before = JSON.stringify(body);
      expect(serializeBody(body, CLI).toString('utf8')).toBe(before);
      expect(JSON.stringify(body)).toBe(before); // the body is left as it was
    }
  });

  it("splices the client's own bytes for unchanged instructions: equal once parsed", () => {
    const own = `You are a coding agent. ${'Be precise. '.repeat(200)}Quotes "like this" and é.`;
    // The client escapes differently from JSON.stringify (é as \u00e9): its bytes are kept.
    const raw = Buffer.from(JSON.stringify({ model: 'gpt-5', instructions: own, input: [] }).replace('é', '\\u00e9'));
    const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    const client = { rawBody: raw, instructions: body['instructions'] };
    body['model'] = 'gpt-5-codex';
    body['store'] = false;
    const sent = serializeBody(body, CLI, client);
    expect(JSON.parse(sent.toString('utf8'))).toEqual({ model: 'gpt-5-codex', instructions: own, input: [], store: false });
    expect(sent.toString('utf8')).toContain('\\u00e9');
    // Changed instructions are serialized from the object, never taken from stale bytes.
    body['instructions'] = `${own} (edited)`;
    expect(JSON.parse(serializeBody(body, CLI, client).toString('utf8'))['instructions']).toBe(`${own} (edited)`);
  });

  it('serializes a prompt prepended by prepareResponsesBody exactly, and never from stale parts', () => {
    const options = { model: 'gpt-5-codex', fingerprint: DEFAULT_FINGERPRINT, injectDetectionPayload: true, instructionsMode: 'auto' as const, injectCliTools: false, dropParameters: [], codexClient: false, promptCacheKey: 'k' };
    const body = prepareResponsesBody({ input: [{ role: 'system', content: 'You are terse "and" é.' }, { role: 'user', content: 'Hi' }] }, options);
    expect(body['instructions']).toBe(`${CLI}\nYou are terse "and" é.`);
    expect(serializeBody(body, CLI).toString('utf8')).toBe(JSON.stringify(body));
    // Edited after preparing: serialized from the object.
    body['instructions'] = `${CLI}\nSomething else.`;
    expect(serializeBody(body, CLI).toString('utf8')).toBe(JSON.stringify(body));
    body['instructions'] = 'Short now.';
    expect(serializeBody(body, CLI).toString('utf8')).toBe(JSON.stringify(body));
    // Another prompt than the one prepended: no splice of the wrong prompt.
    const other = `${CLI.slice(0, -1)}!`;
    const again = prepareResponsesBody({ input: [{ role: 'system', content: 'x' }] }, options);
    expect(JSON.parse(serializeBody(again, other).toString('utf8'))).toEqual(JSON.parse(JSON.stringify(again)));
  });
});
