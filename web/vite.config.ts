import { resolve } from "node:path";
import { defineConfig } from "vite";
import vue from "@vitejs/plugin-vue";

// The workbench and the demo shop page: multi-page build served by the app under /app/ (dist/ → <app>/webapp/).
export default defineConfig({
  base: "/app/",
  plugins: [vue()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    reportCompressedSize: false,
    rollupOptions: {
      input: {
        workbench: resolve(import.meta.dirname, "workbench/index.html"),
        demo: resolve(import.meta.dirname, "demo/index.html"),
      },
    },
  },
});
