// Child process: the baseline, a bare Node reverse proxy that pipes requests to the upstream.
import { createServer, request as httpRequest, Agent } from 'node:http';
import { announce } from './children.mjs';

const target = new URL(process.argv[2]);
const agent = new Agent({ keepAlive: true, maxSockets: 1000 });
const server = createServer((req, res) => {
  const upstream = httpRequest(
    { host: target.hostname, port: target.port, method: req.method, path: req.url.replace(/^\/[^/]+/, '') || '/', headers: { ...req.headers, host: target.host }, agent },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    res.writeHead(502);
    res.end();
  });
  req.pipe(upstream);
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => announce(`http://127.0.0.1:${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
