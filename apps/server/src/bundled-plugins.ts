import type { AnyPluginFactory, PluginRegistration } from '@ccproxy/core';
import { oauthClaude } from '@ccproxy/plugin-oauth-claude';
import { claudeApi } from '@ccproxy/plugin-claude-api';
import { oauthCodex } from '@ccproxy/plugin-oauth-codex';
import { codex } from '@ccproxy/plugin-codex';
import { accessLog } from '@ccproxy/plugin-access-log';
import { analytics } from '@ccproxy/plugin-analytics';
import { permissions } from '@ccproxy/plugin-permissions';

/** The plugins `ccproxy serve` runs by default; the registry orders them by their dependencies. */
export function bundledPlugins(): (AnyPluginFactory | PluginRegistration)[] {
  return [oauthClaude, claudeApi, oauthCodex, codex, accessLog, analytics, permissions];
}
