import type { StreamConverter } from '@ccproxy/formats';
import type { StreamTransform } from '@ccproxy/core';

const MODEL_FIELD = /"model"\s*:\s*"(?:[^"\\]|\\.)*"/;
/** Past this, a stream without `message_start` is relayed as is rather than held back. */
const HOLD_LIMIT = 65_536;

/**
 * Native streams after a model alias: the one `model` of Anthropic's stream (in `message_start`)
 * becomes the client's name. Only that event is touched; every other byte is relayed as is.
 */
export function restoreStreamModel(inner: StreamConverter, clientModel: string): StreamTransform {
  const replacement = `"model":${JSON.stringify(clientModel)}`;
  let pending = '';
  let done = false;

  function release(text: string, final: boolean): string {
    if (done) return text;
    pending += text;
    const start = pending.indexOf('message_start');
    const end = start === -1 ? -1 : endOfEvent(pending, start);
    if (end !== -1) {
      const event = pending.slice(0, end).replace(MODEL_FIELD, replacement);
      const out = event + pending.slice(end);
      pending = '';
      done = true;
      return out;
    }
    if (final || pending.length > HOLD_LIMIT) {
      const out = start === -1 ? pending : pending.replace(MODEL_FIELD, replacement);
      pending = '';
      done = true;
      return out;
    }
    return '';
  }

  return {
    push: (chunk) => release(inner.push(chunk), false),
    end: () => release(inner.end(), true),
    fail: (error) => release('', true) + inner.fail(error),
  };
}

function endOfEvent(text: string, from: number): number {
  const match = /\r?\n\r?\n/.exec(text.slice(from));
  return match ? from + match.index + match[0].length : -1;
}
