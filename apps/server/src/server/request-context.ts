import type { Cancellation, FormatId, RequestSummaryDraft } from '@ccproxy/core';

/** Per-request bookkeeping the app keeps for the summary event (decision 7). */
export interface RequestContext {
  readonly id: string;
  readonly startedAt: number;
  readonly t0: number;
  firstByteAt: number | undefined;
  bytesSent: number;
  streaming: boolean;
  clientFormat: FormatId | undefined;
  /** The plugin whose route matched; `core` for core routes. */
  owner: string;
  ownerKind: 'provider' | 'auth_provider' | 'system' | 'core';
  unhandledError: boolean;
  streamError: string | undefined;
  /** Aborted when the client goes away; created on first use (most requests never need it). */
  readonly signal: AbortSignal;
  /** The same, without an AbortController (see `Cancellation`). */
  readonly cancellation: Cancellation;
  /** The client went away before the response was complete. */
  readonly clientGone: boolean;
  readonly draft: RequestSummaryDraft;
}

const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFrom(header: string | undefined): string {
  if (header && VALID_REQUEST_ID.test(header)) return header;
  return crypto.randomUUID().replaceAll('-', '').slice(0, 8);
}
