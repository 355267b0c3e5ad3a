import { describe, expect, it } from 'vitest';
import { definePlugin } from '../src/declaration/define-plugin.js';
import { validateManifest } from '../src/declaration/validate-manifest.js';
import { PluginRegistry } from '../src/factory/plugin-registry.js';
import { pluginEnablement } from '../src/factory/plugin-filter.js';
import { settingsSchema } from '../src/settings/settings-schema.js';

const plugin = (name: string, extra: Record<string, unknown> = {}) =>
  definePlugin({ name, version: '1.0.0', apiVersion: 1, kind: 'system', ...extra, setup: () => ({}) });

describe('PluginRegistry', () => {
  it('keeps registration order and programmatic options', () => {
    const registry = new PluginRegistry();
    registry.register(plugin('b'));
    registry.register(plugin('a')({ greeting: 'hi' }));
    expect(registry.list().map((entry) => entry.name)).toEqual(['b', 'a']);
    expect(registry.get('a')?.options).toEqual({ greeting: 'hi' });
  });

  it('refuses a duplicate name with a coded error naming the plugin', () => {
    const registry = new PluginRegistry();
    registry.register(plugin('dup'));
    expect(() => registry.register(plugin('dup'))).toThrowError(expect.objectContaining({ code: 'PLUGIN_DUPLICATE', message: expect.stringContaining('"dup"') }));
  });

  it('refuses something that is not a plugin factory', () => {
    const registry = new PluginRegistry();
    expect(() => registry.register({} as never)).toThrowError(/not a ccproxy plugin factory/);
  });
});

describe('validateManifest', () => {
  it('names the field and the rule for each problem', () => {
    const problems = validateManifest({
      name: 'Bad-Name',
      version: '',
      apiVersion: 2 as 1,
      kind: 'widget' as 'system',
      dependencies: ['Bad-Name'],
      routes: [{ prefix: 'claude/', routes: [] }],
      tasks: [
        { name: 't', intervalSeconds: 1, run: async () => true },
        { name: 't', intervalSeconds: 1, run: async () => true },
      ],
      formatAdapters: [{ from: 'anthropic.messages', to: 'anthropic.messages', create: () => ({}) }],
    });
    expect(problems.join('\n')).toMatch(/name: "Bad-Name" must match/);
    expect(problems.join('\n')).toMatch(/version: must be a non-empty string/);
    expect(problems.join('\n')).toMatch(/apiVersion: 2 is not supported/);
    expect(problems.join('\n')).toMatch(/kind: "widget"/);
    expect(problems.join('\n')).toMatch(/routes\[0\]\.prefix/);
    expect(problems.join('\n')).toMatch(/tasks\[1\]\.name: duplicate task name "t"/);
    expect(problems.join('\n')).toMatch(/formatAdapters\[0\]: from and to are both/);
    expect(validateManifest(plugin('good').manifest)).toEqual([]);
  });
});

describe('pluginEnablement (allow/deny of core.md §7.3)', () => {
  const settings = (input: Record<string, unknown>) => settingsSchema.parse(input);
  const manifest = { name: 'x' };

  it('deny wins over allow', () => {
    expect(pluginEnablement(settings({ enabled_plugins: ['x'], disabled_plugins: ['x'] }), manifest)).toEqual({ enabled: false, reason: 'disabled via config' });
  });
  it('plugins.x.enabled = false disables, = true enables an opt-in plugin and beats the allow-list', () => {
    expect(pluginEnablement(settings({ plugins: { x: { enabled: false } } }), manifest).enabled).toBe(false);
    expect(pluginEnablement(settings({ plugins: { x: { enabled: true } } }), { name: 'x', defaultEnabled: false }).enabled).toBe(true);
    expect(pluginEnablement(settings({ enabled_plugins: ['y'], plugins: { x: { enabled: true } } }), manifest).enabled).toBe(true);
  });
  it('an allow-list enables only its members; opt-in plugins need an explicit switch', () => {
    expect(pluginEnablement(settings({ enabled_plugins: ['y'] }), manifest)).toEqual({ enabled: false, reason: 'not in enabled_plugins' });
    expect(pluginEnablement(settings({}), { name: 'x', defaultEnabled: false })).toEqual({ enabled: false, reason: 'opt-in plugin not enabled' });
    expect(pluginEnablement(settings({}), manifest)).toEqual({ enabled: true });
  });
  it('enable_plugins = false disables everything', () => {
    expect(pluginEnablement(settings({ enable_plugins: false, plugins: { x: { enabled: true } } }), manifest)).toEqual({ enabled: false, reason: 'plugin system disabled' });
  });
});
