// Worker threads do not inherit the parent's module loader hooks, so each one registers tsx before loading
// the TypeScript entry (and, through it, TypeScript steps modules).
import { register } from 'tsx/esm/api';

register();
await import('./worker-entry.ts');
