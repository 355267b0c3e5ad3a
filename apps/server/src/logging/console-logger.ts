import pretty from 'pino-pretty';
import { createLogger, type Logger, type Settings } from '@ccproxy/core';

/**
 * The app's logger: readable colored lines on a terminal (or with format rich/plain), JSON lines
 * otherwise (or with format json); `logging.file` adds a JSON copy. Secrets are redacted by core.
 */
export function consoleLogger(settings: Settings, options: { stream?: NodeJS.WritableStream } = {}): Logger & { flush(): void } {
  const stream = options.stream ?? process.stderr;
  const format = settings.logging.format;
  const isTTY = Boolean((stream as { isTTY?: boolean }).isTTY);
  const usePretty = format === 'rich' || format === 'plain' || (format === 'auto' && isTTY);
  const destination = usePretty
    ? pretty({ destination: stream, colorize: format === 'rich' || (format === 'auto' && isTTY), translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true, sync: true })
    : stream;
  return createLogger({
    level: settings.logging.level,
    destination,
    file: settings.logging.file,
    secrets: settings.security.auth_token ? [settings.security.auth_token] : [],
  });
}
