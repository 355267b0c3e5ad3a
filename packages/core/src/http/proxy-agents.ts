import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { HttpProxyAgent, HttpsProxyAgent } from 'hpagent';

export interface AgentPair {
  http: HttpAgent;
  https: HttpsAgent;
}

// noDelay: request head and body go out as separate writes; with Nagle on, the body waits for a
// delayed ACK (~40 ms) on every call.
const AGENT_OPTIONS = { keepAlive: true, keepAliveMsecs: 1000, maxSockets: 1000, maxFreeSockets: 100, scheduling: 'lifo' as const, noDelay: true };

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

/** Keep-alive agents shared by every upstream call; proxied when the environment says so. */
export function createAgents(env: Record<string, string | undefined>): { direct: AgentPair; proxied: AgentPair | undefined; noProxy: string[] } {
  const { proxy, noProxy } = proxyFromEnv(env);
  const direct = { http: new HttpAgent(AGENT_OPTIONS), https: new HttpsAgent(AGENT_OPTIONS) };
  const proxied = proxy
    ? { http: new HttpProxyAgent({ ...AGENT_OPTIONS, proxy }), https: new HttpsProxyAgent({ ...AGENT_OPTIONS, proxy }) }
    : undefined;
  return { direct, proxied, noProxy };
}
