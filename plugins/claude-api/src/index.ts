// Scaffold: replaced by the real plugin implementation.
import { definePlugin } from '@ccproxy/core';

export const claudeApi = definePlugin({
  name: 'claude_api',
  version: '0.1.0',
  apiVersion: 1,
  kind: 'provider',
  description: 'not implemented yet',
  setup: () => ({}),
});
