import autocannon from 'autocannon';

/** Drives `connections` concurrent clients for `seconds`; returns req/s and latency percentiles. */
export async function drive({ url, method = 'POST', body, headers = {}, connections = 32, seconds = 8, warmupSeconds = 1 }) {
  const options = { url, method, body, headers: { 'content-type': 'application/json', ...headers }, connections, pipelining: 1 };
  if (warmupSeconds > 0) await autocannon({ ...options, duration: warmupSeconds });
  const result = await autocannon({ ...options, duration: seconds });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
    mbPerSec: result.throughput.average / 1e6,
  };
}

/** Sends `count` requests with `connections` in flight (for memory growth), as fast as possible. */
export async function hammer({ url, method = 'POST', body, headers = {}, connections = 32, count }) {
  const result = await autocannon({ url, method, body, headers: { 'content-type': 'application/json', ...headers }, connections, amount: count });
  return { total: result.requests.total, errors: result.errors + result.timeouts, non2xx: result.non2xx };
}
