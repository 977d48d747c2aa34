/* global URL */
import { register } from 'node:module';

register('../../engines/bdv/cck/fake-cucumber-hooks.mjs', import.meta.url, {
  data: { shim: new URL('./cck-fake-cucumber-on-cucumber-js.ts', import.meta.url).href },
});
