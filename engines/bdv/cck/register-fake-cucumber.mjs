import { register } from 'node:module';

register('./fake-cucumber-hooks.mjs', import.meta.url);
