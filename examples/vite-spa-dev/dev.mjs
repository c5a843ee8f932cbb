// `npm run dev`: the API server (api.mjs) on a free port, then Vite's dev server, whose proxy
// (vite.config.js) forwards /api and /login to it. Open the URL Vite prints.
import { parseArgs } from 'node:util';
import { createServer } from 'vite';
import { startApi } from './api.mjs';

const { values } = parseArgs({ options: { port: { type: 'string', default: '5173' } } });
const api = await startApi(0);
process.env.QUICKBI_API_URL = `http://127.0.0.1:${api.address().port}`;
const vite = await createServer({
  server: { port: Number(values.port), strictPort: true, host: '127.0.0.1' },
});
await vite.listen();
vite.printUrls();
