import { test } from '../../harness/index.js';

/** Attaches `value` as pretty JSON to the running test (Playwright's report and Allure both pick it up). */
export async function attachJson(name: string, value: unknown): Promise<void> {
  await test.info().attach(name, { contentType: 'application/json', body: JSON.stringify(value, null, 2) });
}

export async function attachSvg(name: string, svg: string): Promise<void> {
  await test.info().attach(name, { contentType: 'image/svg+xml', body: svg });
}
