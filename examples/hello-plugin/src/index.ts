// An example third-party plugin: it depends only on @ccproxy/core (a peer dependency) and adds
// a route, a hook observer and a scheduled task. Load it with:
//   plugin_packages = ["@ccproxy/example-hello-plugin"]   (in .ccproxy.toml)
import { definePlugin, json, type RequestSummary } from '@ccproxy/core';
import { z } from 'zod';

const configSchema = z.object({
  enabled: z.boolean().default(true),
  /** Text the greeting route answers with. */
  greeting: z.string().min(1).default('hello from a ccproxy plugin'),
  /** Seconds between two heartbeat task runs. */
  heartbeat_seconds: z.number().int().min(1).default(60),
});

export type HelloConfig = z.output<typeof configSchema>;

/** What `setup` returns: the plugin's own state, handed to its routes, hooks and tasks. */
export interface HelloRuntime {
  readonly config: HelloConfig;
  completed: number;
  heartbeats: number;
  lastPath: string | null;
}

export const helloPlugin = definePlugin({
  name: 'hello',
  version: '0.1.0',
  apiVersion: 1,
  kind: 'system',
  description: 'Example plugin: GET /hello, counts finished requests, heartbeat task',
  configSchema,
  routes: [
    {
      prefix: '/hello',
      routes: [
        {
          method: 'GET',
          path: '/',
          handler: (_request, runtime: HelloRuntime) =>
            json({ greeting: runtime.config.greeting, completed_requests: runtime.completed, heartbeats: runtime.heartbeats, last_path: runtime.lastPath }),
        },
      ],
    },
  ],
  hooks: [
    {
      event: 'request.completed',
      handler(summary: RequestSummary, runtime: HelloRuntime) {
        runtime.completed++;
        runtime.lastPath = summary.path;
      },
    },
  ],
  tasks: [
    {
      name: 'hello_heartbeat',
      intervalSeconds: 60,
      configure: (config: HelloConfig) => ({ intervalSeconds: config.heartbeat_seconds }),
      async run(runtime: HelloRuntime) {
        runtime.heartbeats++;
        return true;
      },
    },
  ],
  setup({ config, logger }): HelloRuntime {
    logger.info({ greeting: config.greeting }, 'hello_plugin_ready');
    return { config, completed: 0, heartbeats: 0, lastPath: null };
  },
});

export default helloPlugin;
