/* global URL */
// Module resolution hook for running the Compatibility Kit's step definitions:
// - `@cucumber/fake-cucumber` (which they import) resolves to this engine's shim;
// - their `.ts` files load as ES modules (they use import.meta, but the kit's package.json has no "type").
// `initialize` may point the shim elsewhere (the bench maps the same samples onto cucumber-js).
let shim = new URL('./fake-cucumber.ts', import.meta.url).href;
const KIT = '/node_modules/@cucumber/compatibility-kit/features/';

export function initialize(data) {
  if (data?.shim !== undefined) shim = data.shim;
}

export async function resolve(specifier, context, nextResolve) {
  if (specifier === '@cucumber/fake-cucumber') return { url: shim, format: 'module', shortCircuit: true };
  const resolved = await nextResolve(specifier, context);
  if (resolved.url.includes(KIT) && resolved.url.endsWith('.ts')) return { ...resolved, format: 'module' };
  return resolved;
}
