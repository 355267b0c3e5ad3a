import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { HttpProxyAgent, HttpsProxyAgent } from 'hpagent';

/** Proxy settings from the environment (HTTPS_PROXY > ALL_PROXY > HTTP_PROXY, NO_PROXY honoured). */
export function proxyFromEnv(env: Record<string, string | undefined>): { proxy: string | undefined; noProxy: string[] } {
  const proxy = env.HTTPS_PROXY ?? env.https_proxy ?? env.ALL_PROXY ?? env.all_proxy ?? env.HTTP_PROXY ?? env.http_proxy;
  const noProxy = (env.NO_PROXY ?? env.no_proxy ?? '')
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean);
  return { proxy: proxy || undefined, noProxy };
}

export function bypassesProxy(hostname: string, noProxy: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host === '::1' || host.startsWith('127.')) return true;
  return noProxy.some((entry) => entry === '*' || host === entry.replace(/^\./, '') || host.endsWith(entry.startsWith('.') ? entry : `.${entry}`));
}

export interface AgentPair {
  http: HttpAgent;
  https: HttpsAgent;
}

// noDelay: a request head and body may go out as separate writes; with Nagle on, the body would
// wait for a delayed ACK (~40 ms). keepAlive: one pool of reused connections per upstream.
const AGENT_OPTIONS = { keepAlive: true, keepAliveMsecs: 1000, maxSockets: 1000, maxFreeSockets: 100, scheduling: 'lifo' as const, noDelay: true };

/** Keep-alive agents shared by every upstream call; tunnelling proxy agents when the environment names a proxy. */
export function createAgents(env: Record<string, string | undefined>): { direct: AgentPair; proxied: AgentPair | undefined; noProxy: string[]; destroy(): void } {
  const { proxy, noProxy } = proxyFromEnv(env);
  const direct = { http: new HttpAgent(AGENT_OPTIONS), https: new HttpsAgent(AGENT_OPTIONS) };
  const proxied = proxy ? { http: new HttpProxyAgent({ ...AGENT_OPTIONS, proxy }), https: new HttpsProxyAgent({ ...AGENT_OPTIONS, proxy }) } : undefined;
  return {
    direct,
    proxied,
    noProxy,
    destroy() {
      for (const pair of [direct, proxied]) {
        pair?.http.destroy();
        pair?.https.destroy();
      }
    },
  };
}
