import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCredentialStore } from '../../src/auth/credential-store.js';
import { demoFormat, tempDir } from './support.js';

let dir: Awaited<ReturnType<typeof tempDir>>;
let file: string;
beforeEach(async () => {
  dir = await tempDir();
  file = path.join(dir.path, 'creds.json');
});
afterEach(async () => {
  await dir.remove();
});

describe('credential store', () => {
  it('round-trips credentials and keeps the keys of other tools', async () => {
    await writeFile(file, JSON.stringify({ mcpOAuth: { server: 'x' }, demo: { access: 'a', note: 'kept' } }));
    const store = createCredentialStore(file, demoFormat);
    expect(await store.load()).toEqual({ access: 'a' });
    await store.save({ access: 'b', refresh: 'r', expires: 5 });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ mcpOAuth: { server: 'x' }, demo: { access: 'b', refresh: 'r', expires: 5, note: 'kept' } });
  });

  it('reads a file without our section as "no credentials" and an unusable one as invalid', async () => {
    await writeFile(file, JSON.stringify({ other: 1 }));
    const store = createCredentialStore(file, demoFormat);
    expect(await store.load()).toBeNull();
    await writeFile(file, JSON.stringify({ demo: { refresh: 'r' } }));
    await expect(store.load()).rejects.toThrow(`Demo credentials file ${file} is unusable: demo.access is missing. Run: ccproxy auth login demo`);
  });

  it('deletes only our credentials when the file holds other data', async () => {
    await writeFile(file, JSON.stringify({ mcpOAuth: { server: 'x' }, demo: { access: 'a' } }));
    const store = createCredentialStore(file, demoFormat);
    expect(await store.delete()).toBe(true);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ mcpOAuth: { server: 'x' } });
    expect(await store.delete()).toBe(false);
    await writeFile(file, JSON.stringify({ demo: { access: 'a' } }));
    expect(await store.delete()).toBe(true);
    expect(await store.exists()).toBe(false);
  });
});
