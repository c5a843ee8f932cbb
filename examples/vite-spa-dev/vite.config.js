import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Where api.mjs listens (dev.mjs sets it to the port it got).
const api = process.env.QUICKBI_API_URL ?? 'http://127.0.0.1:3001';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      // Not the shorthand `'/api': api`: it sets `changeOrigin: true`, which rewrites Host to the
      // API server's address while the browser's Origin stays Vite's, so the handler's same-origin
      // check answers 403 FORBIDDEN_ORIGIN. `changeOrigin: false` keeps the browser's Host.
      '/api': { target: api, changeOrigin: false },
      '/login': { target: api, changeOrigin: false },
    },
  },
});
