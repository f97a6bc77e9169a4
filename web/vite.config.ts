import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

/**
 * The portal build. Pages are lazy routes; Monaco and ECharts are only imported from the pages
 * that need them, so they land in their own chunks and stay out of the first load
 * (budget: initial JavaScript ≤ 300 KB gzip, reported by `npm run bench -- portal`).
 * `npm run dev -w web` proxies the API to a platform on PORT (default 3000).
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1024,
    rolldownOptions: {
      output: {
        // The heavy libraries get chunks of their own, named so the bundle report can find them
        // and show that they load only with the pages that use them.
        codeSplitting: {
          // Otherwise a group takes its modules' dependencies too (vue-echarts → vue) and the
          // entry would have to load it.
          includeDependenciesRecursively: false,
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
            { name: 'monaco', test: /node_modules[\\/]monaco-editor[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: Object.fromEntries(
      ['/api', '/apps', '/healthz', '/readyz', '/oidc', '/cas'].map((prefix) => [
        prefix,
        { target: `http://localhost:${process.env.PORT ?? 3000}`, changeOrigin: false },
      ]),
    ),
  },
});
