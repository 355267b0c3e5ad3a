import { createSseEventSplitter, createSseParser, type FormatId, type StreamTransform } from '@ccproxy/core';
import { createStreamConverter, createStreamObserver, type ConversionContext, type NormalizedUsage, type StreamConverter } from '@ccproxy/formats';
import { failureOfEvent, type StreamFailureInfo } from './collect-response.js';

/** How much of the upstream's last bytes is kept to explain a stream that did not complete. */
const TAIL_BYTES = 16_384;

export interface ClientStream extends StreamTransform {
  readonly usage: NormalizedUsage | undefined;
  readonly model: string | undefined;
  /** The upstream's normal end (`response.completed`) was seen. */
  readonly finished: boolean;
  /** The error the upstream reported in its stream, if it did. */
  failure(): StreamFailureInfo | undefined;
}

/** Rewrites `response.model` in the lifecycle events of a raw SSE event; anything else is returned as is. */
function restoreModelInEvent(raw: string, clientModel: string): string {
  if (!raw.includes('"response":{')) return raw;
  let name: string | undefined;
  const data: string[] = [];
  for (const line of raw.split(/\r\n|\r|\n/)) {
    if (line.startsWith('event:')) name = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
  }
  try {
    const value = JSON.parse(data.join('\n')) as Record<string, unknown>;
    const response = value['response'];
    if (typeof response !== 'object' || response === null) return raw;
    (response as Record<string, unknown>)['model'] = clientModel;
    return `${name ? `event: ${name}\n` : ''}data: ${JSON.stringify(value)}\n\n`;
  } catch {
    return raw;
  }
}

/**
 * The same-format stream when the client's model was mapped: events are relayed verbatim except
 * the lifecycle events, whose `response.model` goes back to the name the client asked for.
 */
function modelRestoringPassthrough(clientModel: string): StreamConverter {
  const identity = createStreamConverter('openai.responses', 'openai.responses');
  let pending = '';
  const splitter = createSseEventSplitter((raw) => {
    pending += restoreModelInEvent(raw, clientModel);
  });
  const take = (): string => {
    const text = pending;
    pending = '';
    return text.length > 0 ? identity.push(text) : '';
  };
  return {
    push(chunk) {
      splitter.push(chunk);
      return take();
    },
    end() {
      splitter.end();
      return take() + identity.end();
    },
    fail: (error) => identity.fail(error),
    get usage() {
      return identity.usage;
    },
    get model() {
      return identity.model;
    },
    get finished() {
      return identity.finished;
    },
  };
}

function findFailure(tail: readonly Buffer[]): StreamFailureInfo | undefined {
  let found: StreamFailureInfo | undefined;
  const parser = createSseParser((event) => {
    if (!event.data.includes('"error') && !event.data.includes('response.failed')) return;
    try {
      const value = JSON.parse(event.data) as unknown;
      if (typeof value !== 'object' || value === null) return;
      const record = value as Record<string, unknown>;
      if (record['type'] === undefined && event.event !== undefined) record['type'] = event.event;
      found = failureOfEvent(record) ?? found;
    } catch {
      // A partial event at the start of the tail.
    }
  });
  for (const chunk of tail) parser.push(chunk);
  parser.end();
  return found;
}

/**
 * The transform from the upstream Responses stream to the client: the formats converter (or the
 * byte-faithful identity for Responses clients, decision 8), plus a bounded tail of the upstream
 * bytes so a stream that ends in `response.failed` or `error` can be explained in the summary.
 */
export function createClientStream(clientFormat: FormatId, context: ConversionContext | undefined, restoreModel: string | undefined): ClientStream {
  const inner =
    clientFormat === 'openai.responses'
      ? restoreModel === undefined
        ? createStreamObserver('openai.responses')
        : modelRestoringPassthrough(restoreModel)
      : createStreamConverter('openai.responses', clientFormat, context);
  const tail: Buffer[] = [];
  let tailBytes = 0;
  return {
    push(chunk) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      tail.push(bytes);
      tailBytes += bytes.length;
      while (tailBytes - (tail[0]?.length ?? 0) >= TAIL_BYTES && tail.length > 1) tailBytes -= tail.shift()?.length ?? 0;
      return inner.push(chunk);
    },
    end: () => inner.end(),
    fail: (error) => inner.fail(error),
    get usage() {
      return inner.usage;
    },
    get model() {
      return inner.model;
    },
    get finished() {
      return inner.finished;
    },
    failure: () => (inner.finished ? undefined : findFailure(tail)),
    forwardsInput: inner.forwardsInput === true,
  };
}
