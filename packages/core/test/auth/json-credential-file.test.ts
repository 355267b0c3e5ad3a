import { readdir, readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JsonCredentialFile, mergeJson } from '../../src/auth/json-credential-file.js';
import { CcproxyError } from '../../src/errors/ccproxy-error.js';
import { tempDir } from './support.js';

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.remove();
});

const SECRET = 'sk-ant-oat01-THIS-IS-A-SECRET-TOKEN-VALUE';

describe('JsonCredentialFile', () => {
  it('reads a missing or blank file as null', async () => {
    expect(await new JsonCredentialFile(path.join(dir.path, 'missing.json')).read()).toBeNull();
    await writeFile(path.join(dir.path, 'blank.json'), '  \n');
    expect(await new JsonCredentialFile(path.join(dir.path, 'blank.json')).read()).toBeNull();
  });

  it('writes atomically with mode 0600 and leaves no temp file', async () => {
    const file = new JsonCredentialFile(path.join(dir.path, 'nested', 'creds.json'));
    await file.write({ token: SECRET });
    expect((await stat(file.path)).mode & 0o777).toBe(0o600);
    expect(await readdir(path.dirname(file.path))).toEqual(['creds.json']);
    expect(JSON.parse(await readFile(file.path, 'utf8'))).toEqual({ token: SECRET });
  });

  it('keeps the old file and removes the temp file when a write fails', async () => {
    const file = new JsonCredentialFile(path.join(dir.path, 'creds.json'));
    await file.write({ token: 'old' });
    // BigInt cannot be serialised: the failure happens after the temp file was created.
    await expect(file.write({ token: 1n })).rejects.toThrow(/Cannot write credentials file/);
    expect(await readdir(dir.path)).toEqual(['creds.json']);
    expect(JSON.parse(await readFile(file.path, 'utf8'))).toEqual({ token: 'old' });
  });

  it('removes the temp file when the rename fails', async () => {
    const target = path.join(dir.path, 'creds.json');
    await mkdir(path.join(target, 'occupied'), { recursive: true }); // a non-empty directory in the way
    await expect(new JsonCredentialFile(target).write({ token: SECRET })).rejects.toBeInstanceOf(CcproxyError);
    expect(await readdir(dir.path)).toEqual(['creds.json']);
    expect((await stat(target)).isDirectory()).toBe(true);
  });

  it('merges new fields into the existing object and keeps unknown keys', async () => {
    const target = path.join(dir.path, 'creds.json');
    await writeFile(target, JSON.stringify({ other: { keep: true }, oauth: { accessToken: 'a', extra: 'x' }, list: [1, 2] }));
    const file = new JsonCredentialFile(target);
    await file.merge({ oauth: { accessToken: 'b', expiresAt: 5 }, list: [3] });
    expect(JSON.parse(await readFile(target, 'utf8'))).toEqual({ other: { keep: true }, oauth: { accessToken: 'b', extra: 'x', expiresAt: 5 }, list: [3] });
    expect((await stat(target)).mode & 0o777).toBe(0o600);
  });

  it('names the file and line of invalid JSON without quoting its content', async () => {
    const target = path.join(dir.path, 'creds.json');
    await writeFile(target, `{\n  "accessToken": "${SECRET}",\n  oops\n}`);
    const error = await new JsonCredentialFile(target).read().catch((caught: unknown) => caught);
    expect(CcproxyError.is(error) && error.code).toBe('CREDENTIALS_INVALID');
    expect((error as Error).message).toContain(target);
    expect((error as Error).message).toMatch(/line 3, column 3/);
    expect((error as Error).message).not.toContain(SECRET);
  });

  it('refuses JSON that is not an object', async () => {
    const target = path.join(dir.path, 'creds.json');
    await writeFile(target, '[1,2]');
    await expect(new JsonCredentialFile(target).read()).rejects.toThrow(/does not hold a JSON object/);
  });

  it('deletes, reporting whether there was a file', async () => {
    const file = new JsonCredentialFile(path.join(dir.path, 'creds.json'));
    await file.write({ a: 1 });
    expect(await file.delete()).toBe(true);
    expect(await file.delete()).toBe(false);
    expect(await file.exists()).toBe(false);
  });

  it('changes its fingerprint on every rewrite', async () => {
    const file = new JsonCredentialFile(path.join(dir.path, 'creds.json'));
    expect(await file.fingerprint()).toBeNull();
    await file.write({ a: 1 });
    const first = await file.fingerprint();
    await file.write({ a: 1 });
    expect(await file.fingerprint()).not.toBe(first);
  });
});

describe('mergeJson', () => {
  it('replaces arrays and scalars, merges objects, ignores undefined', () => {
    expect(mergeJson({ a: { b: 1, c: 2 }, d: [1], e: 'x' }, { a: { b: 3 }, d: [2], e: undefined })).toEqual({ a: { b: 3, c: 2 }, d: [2], e: 'x' });
  });
});
