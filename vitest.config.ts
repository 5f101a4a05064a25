import { defineConfig } from "vitest/config";

// Projects run in order of cost. Browser tests share one machine's two cores, so they run one file
// at a time; the emulator-backed suites are independent per file (each clears its data).
export default defineConfig({
  test: {
    projects: [
      {
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" },
      },
      {
        test: {
          name: "emulator",
          include: [
            "tests/rules/**/*.test.ts",
            "tests/functions/**/*.test.ts",
            "tests/signaling/**/*.test.ts",
            "tests/api/**/*.test.ts",
          ],
          environment: "node",
          testTimeout: 30_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
