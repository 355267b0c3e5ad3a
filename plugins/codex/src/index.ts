// Scaffold: replaced by the real plugin implementation.
import { definePlugin } from '@ccproxy/core';

export const codex = definePlugin({
  name: 'codex',
  version: '0.1.0',
  apiVersion: 1,
  kind: 'provider',
  description: 'not implemented yet',
  setup: () => ({}),
});
