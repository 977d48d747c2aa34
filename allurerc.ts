import { defineConfig } from 'allure';
import { reportCategories } from './harness/classify/index.js';
import { reportPaths } from './harness/pipeline/index.js';
import { dashboardLayout } from './harness/report/dashboard-layout.js';

// Loaded by the Allure 3 CLI (through jiti) when `npm run report` / `npm run stress` build the report.
export default defineConfig({
  name: 'Maestro reliability harness',
  output: './reports/allure-report',
  // Allure 3 history is a JSONL file appended on every generate: keep it outside the report folder, which each
  // generate replaces. The pipeline (harness/pipeline) checks it and drops a rebuild's earlier line before generating;
  // Allure runs with the project root as its working directory.
  historyPath: reportPaths(process.cwd()).allureHistoryFile,
  historyLimit: 50,
  categories: { rules: reportCategories.map((rule) => ({ ...rule, matchers: [...rule.matchers] })) },
  plugins: {
    awesome: {
      options: {
        reportName: 'Maestro reliability harness',
        singleFile: false,
        reportLanguage: 'en',
        groupBy: ['epic', 'feature'],
      },
    },
    dashboard: {
      options: {
        reportName: 'Maestro reliability dashboard',
        singleFile: false,
        reportLanguage: 'en',
        // Only widgets this suite's results can feed (see harness/report/dashboard-layout.ts).
        layout: dashboardLayout.map((widget) => ({ ...widget })),
      },
    },
  },
});
