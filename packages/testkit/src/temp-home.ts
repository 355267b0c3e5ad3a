import { mkdtemp, rm, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TempHome {
  readonly path: string;
  /** Write a file under the home (parents created), e.g. `.claude/.credentials.json`. */
  write(relativePath: string, content: string | object, mode?: number): Promise<string>;
  remove(): Promise<void>;
}

/** A throwaway $HOME, so credential files and XDG folders of tests never touch the real ones. */
export async function createTempHome(): Promise<TempHome> {
  const path = await mkdtemp(join(tmpdir(), 'ccproxy-home-'));
  return {
    path,
    async write(relativePath, content, mode = 0o600) {
      const target = join(path, relativePath);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, typeof content === 'string' ? content : JSON.stringify(content, null, 2), { mode });
      return target;
    },
    remove: () => rm(path, { recursive: true, force: true }),
  };
}
