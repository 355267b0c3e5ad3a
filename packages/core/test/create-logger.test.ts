import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/errors/ccproxy-error.js';
import { createLogger, toPinoLevel } from '../src/logging/create-logger.js';

function sink() {
  const lines: string[] = [];
  return {
    lines,
    destination: { write: (line: string) => void lines.push(line) },
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    text: () => lines.join(''),
  };
}

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

describe('createLogger: levels', () => {
  it.each([
    ['TRACE', 'trace'],
    ['trace', 'trace'],
    ['DEBUG', 'debug'],
    ['Info', 'info'],
    ['WARNING', 'warn'],
    ['warning', 'warn'],
    ['ERROR', 'error'],
    ['CRITICAL', 'fatal'],
    ['critical', 'fatal'],
    ['warn', 'warn'],
    ['fatal', 'fatal'],
  ])('%s maps to %s', (input, expected) => {
    expect(toPinoLevel(input)).toBe(expected);
  });

  it('emits exactly the lines at or above the configured level (TRACE emits everything)', () => {
    const expectations: Record<string, string[]> = {
      TRACE: ['trace', 'debug', 'info', 'warn', 'error', 'fatal'],
      DEBUG: ['debug', 'info', 'warn', 'error', 'fatal'],
      INFO: ['info', 'warn', 'error', 'fatal'],
      WARNING: ['warn', 'error', 'fatal'],
      ERROR: ['error', 'fatal'],
      CRITICAL: ['fatal'],
    };
    for (const [level, expected] of Object.entries(expectations)) {
      const out = sink();
      const logger = createLogger({ level, destination: out.destination });
      for (const name of LEVELS) logger[name]({ n: name }, `at ${name}`);
      expect(out.records().map((record) => record.msg)).toEqual(expected.map((name) => `at ${name}`));
      expect(out.records().map((record) => record.level)).toEqual(
        expected.map((name) => ({ trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 })[name]),
      );
    }
  });

  it('defaults to INFO and rejects unknown levels with a ConfigError', () => {
    const out = sink();
    const logger = createLogger({ destination: out.destination });
    logger.debug('hidden');
    logger.info('shown');
    expect(out.records().map((record) => record.msg)).toEqual(['shown']);
    expect(() => createLogger({ level: 'LOUD', destination: out.destination })).toThrow(ConfigError);
  });

  it('child loggers carry their bindings', () => {
    const out = sink();
    const logger = createLogger({ destination: out.destination });
    logger.child({ plugin: 'codex' }).info({ request_id: 'r1' }, 'request_started');
    expect(out.records()[0]).toMatchObject({ plugin: 'codex', request_id: 'r1', msg: 'request_started' });
  });
});

describe('createLogger: secrets never reach the output', () => {
  const PROXY_TOKEN = 'ccp-proxy-token-0123456789';
  const QUOTED_SECRET = 'we"ird\\secret';
  const SENSITIVE = [
    PROXY_TOKEN,
    'upstream-bearer-abc',
    'sk-ant-api-key-xyz',
    'session=cookie-value',
    'set-cookie-value',
    'access-token-value',
    'refresh-token-value',
    'id-token-value',
    'plain-api-key-value',
    'plain-token-value',
    'x-auth-token-value',
    JSON.stringify(QUOTED_SECRET).slice(1, -1), // how the quoted secret would appear inside a JSON line
  ];

  function logEverything(logger: ReturnType<typeof createLogger>): void {
    for (const name of LEVELS) {
      logger[name](`token in the message: Bearer ${PROXY_TOKEN}`);
      logger[name](
        {
          authorization: 'Bearer upstream-bearer-abc',
          headers: {
            authorization: `Bearer ${PROXY_TOKEN}`,
            'x-api-key': 'sk-ant-api-key-xyz',
            cookie: 'session=cookie-value',
            'set-cookie': ['set-cookie-value'],
            'x-auth-token': 'x-auth-token-value',
          },
          req: { headers: { Authorization: 'Bearer upstream-bearer-abc', 'x-api-key': 'sk-ant-api-key-xyz' } },
          ctx: { request: { headers: { authorization: 'Bearer upstream-bearer-abc' } } },
          credentials: { access_token: 'access-token-value', refresh_token: 'refresh-token-value', id_token: 'id-token-value' },
          api_key: 'plain-api-key-value',
          token: 'plain-token-value',
          note: `the proxy token is ${PROXY_TOKEN}`,
          deep: { a: { b: { c: { d: `x${PROXY_TOKEN}x` } } } },
          quoted: `value ${QUOTED_SECRET} here`,
        },
        'request_started',
      );
      logger[name]({ err: new Error(`upstream echoed ${PROXY_TOKEN}`) }, 'request_failed');
      logger.child({ token_hint: PROXY_TOKEN })[name]('child');
    }
  }

  it('at every level, to the destination and to the file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ccproxy-logger-'));
    try {
      const file = path.join(dir, 'nested', 'ccproxy.log');
      const out = sink();
      const logger = createLogger({ level: 'TRACE', destination: out.destination, file, secrets: [PROXY_TOKEN, QUOTED_SECRET] });
      logEverything(logger);
      logger.flush();
      const fileText = readFileSync(file, 'utf8');
      for (const text of [out.text(), fileText]) {
        expect(text.length).toBeGreaterThan(1000);
        for (const value of SENSITIVE) expect(text).not.toContain(value);
        expect(text).toContain('********');
        // every line is still valid JSON
        for (const line of text.trim().split('\n')) expect(() => JSON.parse(line) as unknown).not.toThrow();
      }
      const records = out.records();
      expect(records).toHaveLength(LEVELS.length * 4);
      const detailed = records.find((record) => record.msg === 'request_started')!;
      expect(detailed).toMatchObject({
        authorization: '********',
        headers: { authorization: '********', 'x-api-key': '********', cookie: '********', 'set-cookie': '********' },
        req: { headers: { Authorization: '********', 'x-api-key': '********' } },
        ctx: { request: { headers: { authorization: '********' } } },
        credentials: { access_token: '********', refresh_token: '********', id_token: '********' },
        api_key: '********',
        token: '********',
        note: 'the proxy token is ********',
        deep: { a: { b: { c: { d: 'x********x' } } } },
        quoted: 'value ******** here',
      });
      // file and destination receive the same lines
      expect(fileText.trim().split('\n')).toHaveLength(records.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('header redaction works without configured secrets, and harmless fields are kept', () => {
    const out = sink();
    const logger = createLogger({ level: 'DEBUG', destination: out.destination });
    logger.debug({ headers: { authorization: 'Bearer abc-def', 'content-type': 'application/json' }, max_tokens: 100, token_url: 'https://x/token' }, 'upstream_request');
    expect(out.text()).not.toContain('abc-def');
    expect(out.records()[0]).toMatchObject({
      headers: { authorization: '********', 'content-type': 'application/json' },
      max_tokens: 100,
      token_url: 'https://x/token',
    });
  });
});
