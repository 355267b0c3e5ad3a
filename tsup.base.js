// Shared tsup defaults: every package ships ESM + .d.ts for Node 20, built from src/.
import { defineConfig } from 'tsup';

export function libraryConfig(overrides = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    dts: true,
    sourcemap: true,
    clean: true,
    ...overrides,
  });
}
