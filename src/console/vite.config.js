// Builds the console into the server's classpath (target/classes/console), served at /console/. Relative asset
// paths, so the same build works behind a proxy under another prefix. The build is run by Maven (generate-resources)
// through scripts/console-build.sh; nothing built is committed.
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  base: './',
  plugins: [vue()],
  build: {
    outDir: fileURLToPath(new URL('../../target/classes/console', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    // No inline scripts or eval: the console's Content-Security-Policy is script-src 'self'.
    modulePreload: { polyfill: false }
  }
});
