// Scaffold: replaced by the real plugin implementation.
import { definePlugin } from '@ccproxy/core';

export const permissions = definePlugin({
  name: 'permissions',
  version: '0.1.0',
  apiVersion: 1,
  kind: 'system',
  description: 'not implemented yet',
  setup: () => ({}),
});
