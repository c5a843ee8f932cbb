import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  // Two pages: index.html (React) and plain.html (no framework, mountQuickBIReport).
  build: { rolldownOptions: { input: ['index.html', 'plain.html'] } },
  // `vite` (dev) forwards the API to the Express server; it trusts that proxy (QUICKBI_TRUST_PROXY=1).
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: true, xfwd: true } },
  },
});
