import { resolve } from 'node:path';

/**
 * The project whose `reports/` the pipeline CLIs read and write, and where they run Playwright and Allure: this
 * repository, or MAESTRO_PROJECT_ROOT (the CLIs' own tests point it at a small temporary project).
 */
export function projectRoot(env: NodeJS.ProcessEnv = process.env): string {
  const override = env['MAESTRO_PROJECT_ROOT'];
  return override !== undefined && override.trim() !== ''
    ? resolve(override)
    : resolve(import.meta.dirname, '..', '..');
}
