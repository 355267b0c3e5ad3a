import { createEmbeddedApp } from './embedded-app.js';

const { app } = await createEmbeddedApp();
const server = app.listen(3000, '127.0.0.1', () => {
  console.log('my app on http://127.0.0.1:3000 — ccproxy under http://127.0.0.1:3000/llm (try /llm/health)');
});
process.on('SIGINT', () => server.close(() => process.exit(0)));
