// The public names the provider plugins are written against (issue 3) exist with the agreed shapes.
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as formats from '../src/index.js';
import type { ConversionContext, FormatId, NormalizedUsage, StreamConverter } from '../src/index.js';

describe('public API', () => {
  it('exports the agreed functions and the error class', () => {
    for (const name of [
      'convertRequest',
      'convertResponse',
      'convertError',
      'errorBody',
      'createStreamConverter',
      'createStreamObserver',
      'usageFromAnthropic',
      'usageFromChat',
      'usageFromResponses',
      'usageFromResponse',
      'createSseParser',
      'serializeSse',
      'FormatConversionError',
    ] as const) {
      expect(typeof formats[name]).toBe('function');
    }
  });
  it('has the agreed signatures', () => {
    expectTypeOf<FormatId>().toEqualTypeOf<'anthropic.messages' | 'openai.chat_completions' | 'openai.responses'>();
    expectTypeOf<NormalizedUsage>().toEqualTypeOf<{ inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheCreationTokens: number; reasoningTokens: number }>();
    expectTypeOf(formats.convertRequest).returns.toExtend<{ body: Record<string, unknown>; context: ConversionContext }>();
    expectTypeOf(formats.convertResponse).returns.toExtend<Record<string, unknown>>();
    expectTypeOf(formats.convertError).returns.toEqualTypeOf<{ status: number; body: Record<string, unknown> }>();
    expectTypeOf(formats.errorBody).returns.toEqualTypeOf<Record<string, unknown>>();
    expectTypeOf(formats.createStreamConverter).returns.toEqualTypeOf<StreamConverter>();
    expectTypeOf<StreamConverter['push']>().toEqualTypeOf<(chunk: Uint8Array | string) => string>();
    expectTypeOf<StreamConverter['usage']>().toEqualTypeOf<NormalizedUsage | undefined>();
    expectTypeOf<ConversionContext['from']>().toEqualTypeOf<FormatId>();
  });
  it('FormatConversionError carries status 400 and a clear message', () => {
    const error = new formats.FormatConversionError('messages must be an array');
    expect(error).toBeInstanceOf(Error);
    expect(error.status).toBe(400);
    expect(error.type).toBe('invalid_request_error');
    expect(formats.FormatConversionError.is(error)).toBe(true);
    expect(formats.FormatConversionError.is(new Error('x'))).toBe(false);
  });
});
