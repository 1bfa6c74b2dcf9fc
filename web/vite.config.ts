import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * In dev mode (`npm run dev:web`) the pages live at the same addresses as in production:
 * /console/* gets the console shell, /p/* the public shell; the API is proxied to the
 * Rebound server (REBOUND_URL, default http://127.0.0.1:3000).
 */
function sameAddressesAsServer(): Plugin {
  return {
    name: 'rebound-shells',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const path = (req.url ?? '').split('?')[0] ?? '';
        const query = (req.url ?? '').slice(path.length);
        if (path === '/console' || path.startsWith('/console/')) req.url = `/ui/console.html${query}`;
        else if (path === '/p' || path.startsWith('/p/')) req.url = `/ui/public.html${query}`;
        next();
      });
    },
  };
}

export default defineConfig({
  root,
  // Assets are served by Rebound under /ui/ (see src/platform/http/web.routes.ts).
  base: '/ui/',
  plugins: [react(), sameAddressesAsServer()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The manifest lets scripts/console-size.ts add up what the first screen loads (issue 17, point 8).
    manifest: true,
    chunkSizeWarningLimit: 900,
    rollupOptions: {
      input: { console: `${root}console.html`, public: `${root}public.html` },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': process.env.REBOUND_URL ?? 'http://127.0.0.1:3000',
      '/health': process.env.REBOUND_URL ?? 'http://127.0.0.1:3000',
    },
  },
});
