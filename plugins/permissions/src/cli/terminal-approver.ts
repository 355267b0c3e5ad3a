import type { PermissionWireEvent } from '../permission-events.js';
import { ApprovalApiError, type ApprovalClient, type StreamMessage } from './approval-client.js';
import { followStream } from './follow-stream.js';
import { countdownColour, formatInput, formatRemaining, palette, shortId, type Palette } from './format.js';
import { KEY, openRawTerminal, type RawTerminal, type TerminalInput, type TerminalOutput } from './terminal.js';

export interface TerminalApproverOptions {
  client: ApprovalClient;
  input: TerminalInput;
  output: TerminalOutput;
  /** ANSI colours (default: when `output` is a TTY and NO_COLOR is unset). */
  colour?: boolean;
  /** Reconnect after the server ends the stream (default true). */
  reconnect?: boolean;
  retryDelaysMs?: readonly number[];
  /** How often the countdown is redrawn (default 200 ms). */
  tickMs?: number;
  now?: () => number;
  /** Stops the approver from outside (exit code 0). */
  signal?: AbortSignal;
  /** Restore the terminal on SIGTERM/SIGHUP (default true; tests turn it off). */
  trapSignals?: boolean;
}

/** Exit codes of the interactive approver. */
export const EXIT = { ok: 0, failed: 1, interrupted: 130 } as const;

interface Dialog {
  readonly id: string;
  readonly toolName: string;
  readonly input: unknown;
  readonly expiresAt: number;
}

type Outcome = 'allowed' | 'denied' | 'cancelled' | 'timeout' | 'expired' | 'approved_elsewhere' | 'denied_elsewhere';

const REMEMBERED_IDS = 2000;

/**
 * The interactive approver (§3.7 [Rec]): follows the approval stream, queues requests and shows
 * them one at a time with their input and a live countdown computed from `expires_at` (never
 * from the elapsed time twice, [Defect]). Keys: a/y allow, d/n/Enter/Esc deny, N/D deny all,
 * q quit, Ctrl+C deny the open request and quit.
 */
export class TerminalApprover {
  readonly #options: TerminalApproverOptions;
  readonly #out: TerminalOutput;
  readonly #colours: Palette;
  readonly #now: () => number;
  readonly #live: boolean;
  readonly #queue: Dialog[] = [];
  /** Requests this client has finished with (decided here or elsewhere, expired): ignore their replays. */
  readonly #done = new Set<string>();
  readonly #stop = new AbortController();
  #current: Dialog | undefined;
  #ticker: ReturnType<typeof setInterval> | undefined;
  #terminal: RawTerminal | undefined;
  #exitCode: number = EXIT.ok;
  #connectedOnce = false;
  readonly #inflight = new Set<Promise<void>>();

  constructor(options: TerminalApproverOptions) {
    this.#options = options;
    this.#out = options.output;
    this.#now = options.now ?? Date.now;
    this.#live = Boolean(options.output.isTTY);
    this.#colours = palette(options.colour ?? (this.#live && !process.env.NO_COLOR));
  }

  async run(): Promise<number> {
    const external = this.#options.signal;
    const onExternal = () => this.#quit(EXIT.ok);
    external?.addEventListener('abort', onExternal, { once: true });
    this.#terminal = openRawTerminal(this.#options.input, this.#out, (key) => this.#onKey(key), {
      trapSignals: this.#options.trapSignals ?? true,
      onSignal: () => this.#quit(EXIT.interrupted),
    });
    const c = this.#colours;
    this.#line(c.dim(`Connecting to the permission stream at ${this.#options.client.baseUrl}/permissions/stream …`));
    try {
      const result = await followStream(this.#options.client, {
        signal: this.#stop.signal,
        reconnect: this.#options.reconnect ?? true,
        ...(this.#options.retryDelaysMs ? { retryDelaysMs: this.#options.retryDelaysMs } : {}),
        onConnected: () => {
          this.#line(c.green(`✓ ${this.#connectedOnce ? 'Reconnected' : 'Connected'}. Waiting for permission requests…`) + c.dim('  (a/y allow · d/n deny · N deny all · q quit)'));
          this.#connectedOnce = true;
        },
        onMessage: (message) => this.#onMessage(message),
        onRetry: (attempt, delayMs, error) => this.#line(c.yellow(`! ${error.message}; retrying in ${delayMs / 1000}s (attempt ${attempt})`)),
      });
      if (result.outcome === 'failed') {
        this.#closeDialog(undefined);
        this.#line(c.red(`✗ ${result.error.kind === 'auth' ? result.error.message : `${result.error.message}; giving up`}`));
        this.#exitCode = EXIT.failed;
      } else if (result.outcome === 'ended') {
        this.#line(c.dim('The server closed the permission stream.'));
      }
    } finally {
      external?.removeEventListener('abort', onExternal);
      this.#stopTicker();
      await Promise.allSettled([...this.#inflight]);
      this.#terminal.restore();
    }
    return this.#exitCode;
  }

  #onMessage(message: StreamMessage): void {
    const data = message.data as Partial<PermissionWireEvent> | null;
    const id = typeof data?.request_id === 'string' ? data.request_id : undefined;
    if (!id) return;
    switch (message.event) {
      case 'permission_request': {
        if (this.#done.has(id) || this.#current?.id === id || this.#queue.some((item) => item.id === id)) return;
        const expiresAt = Date.parse(data?.expires_at ?? '');
        this.#queue.push({ id, toolName: data?.tool_name ?? '(unknown tool)', input: data?.input ?? null, expiresAt: Number.isFinite(expiresAt) ? expiresAt : this.#now() });
        if (!this.#current) this.#showNext();
        else this.#redrawPrompt();
        return;
      }
      case 'permission_resolved':
      case 'permission_expired': {
        if (this.#done.has(id)) return;
        this.#remember(id);
        const outcome: Outcome = message.event === 'permission_expired' ? 'expired' : data?.allowed === true ? 'approved_elsewhere' : 'denied_elsewhere';
        if (this.#current?.id === id) {
          this.#closeDialog(outcome);
          this.#showNext();
        } else {
          const index = this.#queue.findIndex((item) => item.id === id);
          if (index >= 0) this.#queue.splice(index, 1);
        }
        return;
      }
      default:
        return;
    }
  }

  #onKey(key: string): void {
    if (key === KEY.ctrlC) {
      if (this.#current) this.#decide(false, 'cancelled', 'cancelled in the terminal approver', false);
      this.#quit(EXIT.interrupted);
      return;
    }
    if (!this.#current) {
      if (key === 'q' || key === 'Q' || key === KEY.ctrlD) this.#quit(EXIT.ok);
      return;
    }
    switch (key) {
      case 'a':
      case 'A':
      case 'y':
      case 'Y':
        this.#decide(true, 'allowed');
        break;
      case 'd':
      case 'n':
      case KEY.enter:
      case KEY.newline:
      case KEY.escape:
        this.#decide(false, 'denied');
        break;
      case 'D':
      case 'N': {
        const rest = this.#queue.splice(0);
        this.#decide(false, 'denied');
        for (const item of rest) {
          this.#remember(item.id);
          this.#send(item.id, false);
          this.#line(`${this.#colours.red('✗ DENIED')} ${item.toolName} ${this.#colours.dim(shortId(item.id))}`);
        }
        break;
      }
      case 'q':
        this.#quit(EXIT.ok);
        break;
      default:
        break;
    }
  }

  #decide(allowed: boolean, outcome: Outcome, message?: string, showNext = true): void {
    const dialog = this.#current;
    if (!dialog) return;
    this.#remember(dialog.id);
    this.#send(dialog.id, allowed, message);
    this.#closeDialog(outcome);
    if (showNext) this.#showNext();
  }

  /** Sends a decision; a 409 means another approver (or the timeout) was first, which is fine. */
  #send(id: string, allowed: boolean, message?: string): void {
    const work = this.#options.client.respond(id, allowed, message).catch((error: unknown) => {
      if (error instanceof ApprovalApiError && error.kind === 'conflict') return;
      this.#line(this.#colours.red(`! could not send the decision for ${shortId(id)}: ${(error as Error).message}`));
    });
    this.#inflight.add(work);
    void work.finally(() => this.#inflight.delete(work));
  }

  #showNext(): void {
    while (!this.#current) {
      const next = this.#queue.shift();
      if (!next) return;
      if (next.expiresAt <= this.#now()) {
        // Dead before it reached the front: the server expires it; no dialog for it.
        this.#remember(next.id);
        this.#line(`${this.#colours.dim('⌛ skipped (already expired)')} ${next.toolName} ${this.#colours.dim(shortId(next.id))}`);
        continue;
      }
      this.#current = next;
      this.#render(next);
      this.#startTicker();
    }
  }

  #render(dialog: Dialog): void {
    const c = this.#colours;
    const width = Math.max(40, (this.#out.columns ?? 100) - 6);
    const lines = [
      '',
      c.bold(c.cyan('┌ Permission request')),
      `│ ${c.bold('Tool:')}       ${c.bold(dialog.toolName)}`,
      `│ ${c.bold('Request ID:')} ${shortId(dialog.id)}`,
      `│ ${c.bold('Input:')}`,
      ...formatInput(dialog.input, { maxWidth: width, maxLines: 20 }).map((line) => `│   ${line}`),
    ];
    // On a TTY the prompt line stays open so the countdown can be redrawn in place.
    this.#out.write(`${lines.join('\n')}\n${this.#prompt(dialog)}${this.#live ? '' : '\n'}`);
  }

  #prompt(dialog: Dialog): string {
    const c = this.#colours;
    const remaining = dialog.expiresAt - this.#now();
    const queued = this.#queue.length > 0 ? c.dim(` · ${this.#queue.length} more waiting`) : '';
    return `└ Allow this operation? ${c.green('[a/y] allow')}  ${c.red('[d/n] deny')}  ${c.dim('[N] deny all')} · ${countdownColour(c, remaining)(`Timeout in ${formatRemaining(remaining)}`)}${queued} `;
  }

  #redrawPrompt(): void {
    if (!this.#live || !this.#current) return;
    this.#out.write(`\r\x1b[2K${this.#prompt(this.#current)}`);
  }

  #startTicker(): void {
    this.#stopTicker();
    this.#ticker = setInterval(() => {
      const dialog = this.#current;
      if (!dialog) return this.#stopTicker();
      if (dialog.expiresAt - this.#now() <= 0) {
        // Deny at the real expiry (the server expires it at the same moment; a 409 is fine).
        this.#decide(false, 'timeout', 'timed out in the terminal approver');
        return;
      }
      this.#redrawPrompt();
    }, this.#options.tickMs ?? 200);
  }

  #stopTicker(): void {
    if (this.#ticker !== undefined) clearInterval(this.#ticker);
    this.#ticker = undefined;
  }

  #closeDialog(outcome: Outcome | undefined): void {
    const dialog = this.#current;
    if (!dialog) return;
    this.#current = undefined;
    this.#stopTicker();
    const c = this.#colours;
    const text: Record<Outcome, string> = {
      allowed: c.green('✓ ALLOWED'),
      denied: c.red('✗ DENIED'),
      cancelled: c.red('✗ CANCELLED'),
      timeout: c.red('✗ TIMEOUT - DENIED'),
      expired: c.yellow('⌛ EXPIRED'),
      approved_elsewhere: c.green('APPROVED BY ANOTHER HANDLER'),
      denied_elsewhere: c.red('DENIED BY ANOTHER HANDLER'),
    };
    const label = outcome ? text[outcome] : c.dim('(closed)');
    this.#out.write(`${this.#live ? '\r\x1b[2K' : ''}└ ${label} ${dialog.toolName} ${c.dim(shortId(dialog.id))}\n`);
  }

  #remember(id: string): void {
    this.#done.add(id);
    if (this.#done.size > REMEMBERED_IDS) {
      const oldest = this.#done.values().next().value;
      if (oldest !== undefined) this.#done.delete(oldest);
    }
  }

  #quit(code: number): void {
    if (this.#stop.signal.aborted) return;
    this.#exitCode = code;
    this.#closeDialog(undefined);
    this.#stop.abort();
  }

  /** Prints a full line; on a TTY with a dialog open, above its prompt line (which is redrawn). */
  #line(text: string): void {
    if (this.#live && this.#current) this.#out.write(`\r\x1b[2K${text}\n${this.#prompt(this.#current)}`);
    else this.#out.write(`${text}\n`);
  }
}

export function runTerminalApprover(options: TerminalApproverOptions): Promise<number> {
  return new TerminalApprover(options).run();
}
