import type Router from '@koa/router';
import { CcproxyError, CORE_VERSION, type HealthStatus, type PluginStatus, type ProxyHost } from '@ccproxy/core';
import type { AppState } from './app-state.js';
import { requireAccessToken } from './middleware/access-token.js';
import { APP_VERSION } from '../version.js';

const HEALTH_HEADERS = { 'content-type': 'application/health+json', 'cache-control': 'no-cache, no-store, must-revalidate' };
const RANK: Record<HealthStatus, number> = { pass: 0, warn: 1, fail: 2 };

interface HealthCheck {
  componentId: string;
  componentType: string;
  status: HealthStatus;
  time: string;
  output?: string;
  version?: string;
  details?: Record<string, unknown>;
}

/** `/health` per the IETF health-check draft, with one check per enabled plugin (cached 2 s). */
function healthReporter(host: ProxyHost, isReady: () => boolean) {
  let cache: { at: number; status: HealthStatus; body: Record<string, unknown> } | undefined;
  return async () => {
    if (cache && Date.now() - cache.at < 2000) return cache;
    const time = new Date().toISOString();
    const checks: Record<string, HealthCheck[]> = {
      service_container: [{ componentId: 'service-container', componentType: 'service', status: isReady() ? 'pass' : 'fail', time, output: isReady() ? 'Service container operational' : 'Service is starting or stopping', version: APP_VERSION }],
    };
    let overall: HealthStatus = isReady() ? 'pass' : 'fail';
    const statuses = host.plugins.statuses().filter((status) => status.state !== 'disabled');
    const reports = await Promise.all(statuses.map(async (status) => ({ status, report: await host.plugins.health(status.name) })));
    for (const { status, report } of reports) {
      checks[`plugin:${status.name}`] = [
        {
          componentId: status.name,
          componentType: `${status.kind}_plugin`,
          status: report.status,
          time,
          version: status.version,
          ...(report.output ? { output: report.output } : {}),
          details: { state: report.state, ...(report.details ?? {}) },
        },
      ];
      // Only providers decide "fail"; a broken system plugin degrades the proxy to "warn".
      const counted: HealthStatus = report.status === 'fail' && status.kind === 'system' ? 'warn' : report.status;
      if (RANK[counted] > RANK[overall]) overall = counted;
    }
    const stats = host.events.stats();
    if (stats.dropped > 0 && RANK[overall] < RANK.warn) overall = 'warn';
    const body = {
      status: overall,
      version: APP_VERSION,
      serviceId: 'claude-code-proxy',
      description: 'CCProxy API Server',
      time,
      checks,
      hooks: stats,
    };
    cache = { at: Date.now(), status: overall, body };
    return cache;
  };
}

function pluginType(status: PluginStatus): string {
  return status.kind;
}

export function mountCoreRoutes(router: Router<AppState>, host: ProxyHost, isReady: () => boolean): void {
  const guard = requireAccessToken(host.settings.security.auth_token);
  const health = healthReporter(host, isReady);

  router.get('/', (ctx) => {
    ctx.body = { name: 'ccproxy', version: APP_VERSION, status: 'ok', health: '/health', plugins: '/plugins' };
  });
  router.head('/', (ctx) => {
    ctx.status = 200;
  });
  router.get('/health/live', (ctx) => {
    ctx.set(HEALTH_HEADERS);
    ctx.body = { status: 'pass', version: APP_VERSION, output: 'Application process is running' };
  });
  router.get('/health/ready', (ctx) => {
    ctx.set(HEALTH_HEADERS);
    const ready = isReady();
    ctx.status = ready ? 200 : 503;
    ctx.body = { status: ready ? 'pass' : 'fail', version: APP_VERSION, output: ready ? 'Service is ready to accept traffic' : 'Service is starting or stopping' };
  });
  router.get('/health', async (ctx) => {
    const { status, body } = await health();
    ctx.set(HEALTH_HEADERS);
    ctx.status = status === 'fail' ? 503 : 200;
    ctx.body = body;
  });

  router.get('/plugins', guard, (ctx) => {
    const plugins = host.plugins.statuses().map((status) => ({
      name: status.name,
      type: pluginType(status),
      status: status.state,
      version: status.version,
      ...(status.reason ? { reason: status.reason } : {}),
    }));
    ctx.body = {
      plugins,
      total: plugins.length,
      load_errors: host.loadErrors.map((error) => ({ package: error.packageName, error: error.message })),
    };
  });
  router.get('/plugins/status', guard, (ctx) => {
    ctx.body = {
      core_version: CORE_VERSION,
      initialization_order: host.plugins.initializationOrder,
      services: host.capabilities.providers(),
      plugins: host.plugins.statuses().map((status) => ({ ...status, type: pluginType(status), initialized: status.state === 'active' })),
      middleware: host.plugins.middleware().map((entry) => ({ name: entry.name, plugin: entry.plugin, priority: entry.priority })),
      tasks: host.scheduler.status(),
    };
  });
  router.get('/plugins/:name/health', guard, async (ctx) => {
    const name = ctx.params.name ?? '';
    const status = host.plugins.statuses().find((candidate) => candidate.name === name);
    if (!status) throw new CcproxyError('NOT_FOUND', `Plugin '${name}' not found`);
    const report = await host.plugins.health(name);
    ctx.body = {
      plugin: name,
      status: report.status === 'pass' ? 'healthy' : report.status === 'fail' ? 'unhealthy' : 'degraded',
      adapter_loaded: status.kind === 'provider' && status.state === 'active',
      details: {
        type: status.kind,
        state: status.state,
        active: status.state === 'active',
        ...(status.reason ? { reason: status.reason } : {}),
        health_check: { status: report.status, version: status.version, ...(report.output ? { output: report.output } : {}), ...(report.details ? { details: report.details } : {}) },
      },
    };
  });
}
