import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A real HTTP server on 127.0.0.1 for one test at a time: `serve` starts it, `close` (call it in
 * afterEach) drops open sockets and stops it; `close` is also how a test makes the port refuse.
 */
export function localServer() {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  return {
    serve: async (handler: RequestListener): Promise<string> => {
      const started = createServer(handler);
      server = started;
      started.on('connection', (socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      await new Promise<void>((resolve) => started.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(started.address() as AddressInfo).port}`;
    },
    close: async (): Promise<void> => {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      const current = server;
      server = undefined;
      if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
    },
  };
}
