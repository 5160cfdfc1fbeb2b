import { resolve } from "node:path";
import { defineConfig } from "vite";
import vue from "@vitejs/plugin-vue";

// The buyer widget: one self-contained script (dist/widget.js); its CSS lives inside its shadow root.
export default defineConfig({
  plugins: [vue()],
  define: { "process.env.NODE_ENV": JSON.stringify("production") },
  build: {
    outDir: "dist",
    emptyOutDir: false,
    reportCompressedSize: false,
    lib: {
      entry: resolve(import.meta.dirname, "src/widget/main.ts"),
      formats: ["iife"],
      name: "KfkChatWidget",
      fileName: () => "widget.js",
    },
  },
});
