// Scaffold: replaced by the real plugin implementation.
import { definePlugin } from '@ccproxy/core';

export const oauthCodex = definePlugin({
  name: 'oauth_codex',
  version: '0.1.0',
  apiVersion: 1,
  kind: 'auth_provider',
  description: 'not implemented yet',
  setup: () => ({}),
});
