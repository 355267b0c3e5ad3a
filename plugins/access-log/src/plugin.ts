import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { costCalculator, definePlugin, HookLayer, type HealthReport, type Logger, type PluginContext, type RequestSummary } from '@ccproxy/core';
import { accessLogConfigSchema, type AccessLogConfig } from './config.js';
import { clientLine, errorText, servedModel } from './format/client-line.js';
import { providerLine } from './format/provider-line.js';
import { BufferedLineWriter, type WriterStats } from './writer/buffered-writer.js';
import { createFileSink } from './writer/file-sink.js';
import { createStreamSink } from './writer/line-sink.js';

export interface AccessLogRuntime {
  readonly config: AccessLogConfig;
  readonly client: BufferedLineWriter | undefined;
  readonly provider: BufferedLineWriter | undefined;
  /** Write everything buffered now. */
  flush(): Promise<void>;
  /** Reopen the log files on the next write (after an external rotation). */
  reopen(): Promise<void>;
  health(): HealthReport;
  close(): Promise<void>;
}

function expandPath(path: string, home: string): string {
  const expanded = path === '~' ? home : path.startsWith('~/') ? join(home, path.slice(2)) : path;
  return isAbsolute(expanded) ? expanded : resolve(expanded);
}

function createWriter(file: string | null, config: AccessLogConfig, home: string, logger: Logger): BufferedLineWriter {
  const sink = file ? createFileSink(expandPath(file, home), { maxBytes: config.rotate_max_bytes, keep: config.rotate_keep }) : createStreamSink();
  return new BufferedLineWriter({ sink, bufferSize: config.buffer_size, flushIntervalMs: config.flush_interval * 1000, logger });
}

/** Lets observers already queued on the hook bus run before the last flush (shutdown ordering). */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 3; turn++) await new Promise((done) => setImmediate(done));
}

function setup(context: PluginContext<AccessLogConfig>): AccessLogRuntime {
  const { config, events, logger } = context;
  const home = context.paths.home || homedir();
  const client = config.client_enabled ? createWriter(config.client_log_file, config, home, logger) : undefined;
  const provider = config.provider_enabled ? createWriter(config.provider_log_file, config, home, logger) : undefined;
  const excluded = config.exclude_paths;

  if (client) {
    const onSummary = (summary: RequestSummary) => {
      for (const prefix of excluded) if (summary.path.startsWith(prefix)) return;
      client.write(clientLine(config.client_format, summary));
      // The echo (§1.8) is opt-in: with lines on stdout it would print every request twice.
      if (config.echo_to_logger) {
        const error = errorText(summary);
        logger[error ? 'warn' : 'info'](
          { log_type: 'client', request_id: summary.request_id, method: summary.method, path: summary.path, status_code: summary.status, duration_ms: summary.duration_ms, model: servedModel(summary), error },
          'access_log',
        );
      }
    };
    events.on('request.completed', onSummary, { priority: HookLayer.ACCESS_LOGGING });
    events.on('request.failed', onSummary, { priority: HookLayer.ACCESS_LOGGING });
  }

  if (provider) {
    const writeProvider = (line: string) => {
      provider.write(line);
      if (config.echo_to_logger) logger.debug({ log_type: 'provider', line }, 'access_log');
    };
    events.on('provider.response.received', (event) => writeProvider(providerLine({ kind: 'response', event, at: Date.now() })), { priority: HookLayer.ACCESS_LOGGING });
    events.on(
      'provider.stream.end',
      (event) => {
        const pricing = context.capabilities.get(costCalculator);
        let costUsd: number | null = null;
        try {
          costUsd = pricing && event.usage && event.model ? pricing.cost(event.model, event.usage) : null;
        } catch {
          costUsd = null;
        }
        writeProvider(providerLine({ kind: 'stream_end', event, at: Date.now(), costUsd }));
      },
      { priority: HookLayer.ACCESS_LOGGING },
    );
    events.on('provider.error', (event) => writeProvider(providerLine({ kind: 'error', event, at: Date.now() })), { priority: HookLayer.ACCESS_LOGGING });
  }

  const writers = [client, provider].filter((writer): writer is BufferedLineWriter => writer !== undefined);
  logger.info(
    { client: client ? { format: config.client_format, target: client.stats().target } : false, provider: provider ? { target: provider.stats().target } : false },
    'access_log_ready',
  );

  return {
    config,
    client,
    provider,
    flush: async () => {
      await Promise.all(writers.map((writer) => writer.flush()));
    },
    reopen: async () => {
      await Promise.all(writers.map((writer) => writer.reopen()));
    },
    health(): HealthReport {
      const stats: Record<string, WriterStats> = {};
      if (client) stats.client = client.stats();
      if (provider) stats.provider = provider.stats();
      const failing = Object.values(stats).filter((entry) => entry.failing);
      const dropped = Object.values(stats).reduce((sum, entry) => sum + entry.lines_dropped, 0);
      const details = { ...stats, client_format: config.client_format };
      if (failing.length > 0) {
        return { status: 'warn', output: failing.map((entry) => `cannot write ${entry.target}: ${entry.last_error ?? 'unknown error'} (${entry.pending} lines waiting, ${entry.lines_dropped} dropped)`).join('; '), details };
      }
      if (dropped > 0) return { status: 'warn', output: `${dropped} access log lines were dropped after write errors`, details };
      return { status: 'pass', details };
    },
    async close() {
      await settle();
      await Promise.all(writers.map((writer) => writer.close()));
    },
  };
}

/**
 * access_log: one line per client request (Apache common/combined or JSON) built from the core's
 * request summary, optionally one JSON line per upstream call. Buffered, off the request path.
 */
export const accessLog = definePlugin({
  name: 'access_log',
  version: '0.1.0',
  apiVersion: 1,
  kind: 'system',
  description: 'Access log: one line per request (common, combined or structured JSON) to a file or stdout',
  configSchema: accessLogConfigSchema,
  setup,
});
