import { describe, expect, it } from 'vitest';
import { DEFAULT_FINGERPRINT } from '../src/index.js';
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
});
