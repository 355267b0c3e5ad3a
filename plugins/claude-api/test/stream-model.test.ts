import { describe, expect, it } from 'vitest';
import { createStreamConverter } from '@ccproxy/formats';
import { restoreStreamModel } from '../src/stream-model.js';

const start = 'event: message_start\ndata: {"type":"message_start","message":{"id":"m","model":"claude-haiku-4-5-20251001","usage":{"input_tokens":3}}}\n\n';
const rest = 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"\\"model\\":\\"keep\\""}}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n';

describe('restoreStreamModel', () => {
  it('rewrites only the message_start model, whatever the chunking', () => {
    const whole = start + rest;
    for (const size of [1, 7, 64, whole.length]) {
      const converter = createStreamConverter('anthropic.messages', 'anthropic.messages');
      const transform = restoreStreamModel(converter, 'haiku');
      let out = '';
      for (let index = 0; index < whole.length; index += size) out += transform.push(Buffer.from(whole.slice(index, index + size)));
      out += transform.end();
      expect(out).toBe(start.replace('claude-haiku-4-5-20251001', 'haiku') + rest);
      expect(converter.model).toBe('claude-haiku-4-5-20251001');
      expect(converter.finished).toBe(true);
    }
  });

  it('releases what it held when the upstream fails before message_start completes', () => {
    const transform = restoreStreamModel(createStreamConverter('anthropic.messages', 'anthropic.messages'), 'haiku');
    expect(transform.push('event: message_start\ndata: {"type":"message_start","message":{"model":"x"')).toBe('');
    const out = transform.fail({ message: 'dropped' });
    expect(out).toContain('"model":"haiku"');
    expect(out).toContain('event: error');
  });
});
