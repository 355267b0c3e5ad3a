import { CcproxyError } from '../errors/ccproxy-error.js';
import { JsonCredentialFile, type JsonObject } from './json-credential-file.js';

/**
 * How one provider's credentials look inside its JSON file. Everything else in the auth building
 * blocks is generic over this.
 */
export interface CredentialFormat<C> {
  /** Human name used in messages: `Claude`, `Codex`. */
  readonly label: string;
  /** The command that (re)creates credentials, quoted in every "missing/invalid" message. */
  readonly loginCommand: string;
  /**
   * Credentials from the file's JSON. `null` when the file holds none of ours (other keys only);
   * a string explains why the content is unusable, e.g. `claudeAiOauth.accessToken is missing`
   * (it must not quote any token).
   */
  parse(content: JsonObject): C | null | string;
  /** The fields to merge into the file's JSON object (unknown keys of the file are kept). */
  serialize(credentials: C): JsonObject;
  /** The file content without our credentials, or `null` when nothing else would remain (logout). */
  remove(content: JsonObject): JsonObject | null;
  accessToken(credentials: C): string;
  refreshToken(credentials: C): string | undefined;
  /** Epoch milliseconds; `undefined` when the expiry is unknown (never refreshed proactively). */
  expiresAt(credentials: C): number | undefined;
}

/** A credentials file read and written through a `CredentialFormat` (core.md §15.3 `TokenStorage`). */
export interface CredentialStore<C> {
  readonly format: CredentialFormat<C>;
  /** Absolute path, for messages. */
  location(): string;
  /** `null` when there are no credentials; throws `CREDENTIALS_INVALID` (message names the fix) when unusable. */
  load(): Promise<C | null>;
  /** Atomic, 0600, merged into the existing JSON. */
  save(credentials: C): Promise<void>;
  /** Removes our credentials (the whole file when nothing else is in it); false when there were none. */
  delete(): Promise<boolean>;
  exists(): Promise<boolean>;
  /** Changes whenever the file changes; `null` when it is missing. */
  fingerprint(): Promise<string | null>;
}

export function createCredentialStore<C>(file: string, format: CredentialFormat<C>): CredentialStore<C> {
  const json = new JsonCredentialFile(file);
  const invalid = (reason: string, cause?: unknown) =>
    new CcproxyError('CREDENTIALS_INVALID', `${format.label} credentials file ${json.path} ${reason}. Run: ${format.loginCommand}`, {
      ...(cause === undefined ? {} : { cause }),
      details: { file: json.path, fix: format.loginCommand },
    });
  return {
    format,
    location: () => json.path,
    async load() {
      let content: JsonObject | null;
      try {
        content = await json.read();
      } catch (error) {
        const reason = CcproxyError.is(error) && typeof error.details?.reason === 'string' ? error.details.reason : 'cannot be read';
        throw invalid(reason, error);
      }
      if (content === null) return null;
      const parsed = format.parse(content);
      if (typeof parsed === 'string') throw invalid(`is unusable: ${parsed}`);
      return parsed;
    },
    async save(credentials) {
      await json.merge(format.serialize(credentials));
    },
    async delete() {
      let content: JsonObject | null;
      try {
        content = await json.read();
      } catch {
        // Corrupt: nothing worth keeping.
        return json.delete();
      }
      if (content === null) return json.delete();
      const parsed = format.parse(content);
      if (parsed === null) return false;
      const rest = format.remove(content);
      if (rest === null) return json.delete();
      await json.write(rest);
      return true;
    },
    exists: () => json.exists(),
    fingerprint: () => json.fingerprint(),
  };
}
