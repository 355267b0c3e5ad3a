// Scaffold: replaced by the real plugin implementation.
import { definePlugin } from '@ccproxy/core';

export const accessLog = definePlugin({
  name: 'access_log',
  version: '0.1.0',
  apiVersion: 1,
  kind: 'system',
  description: 'not implemented yet',
  setup: () => ({}),
});
