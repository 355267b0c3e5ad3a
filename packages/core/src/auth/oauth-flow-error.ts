import { CcproxyError } from '../errors/ccproxy-error.js';

export type OAuthFlowFailure =
  | 'state_mismatch'
  | 'provider_error'
  | 'no_code'
  | 'timeout'
  | 'port_unavailable'
  | 'no_input'
  | 'aborted'
  | 'exchange_failed';

/** Why `ccproxy auth login` failed; `message` is what the user reads (never a token or verifier). */
export class OAuthFlowError extends CcproxyError {
  readonly reason: OAuthFlowFailure;

  constructor(reason: OAuthFlowFailure, message: string, cause?: unknown) {
    super('AUTHENTICATION_FAILED', message, { ...(cause === undefined ? {} : { cause }), details: { reason } });
    this.name = 'OAuthFlowError';
    this.reason = reason;
  }
}
