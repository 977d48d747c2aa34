#!/usr/bin/env node
// The `maestro` CLI. Node 20 cannot run TypeScript by itself, so register tsx's loader, then hand over.
import { register } from 'tsx/esm/api';

register();
await import('../harness/cli/maestro.ts');
