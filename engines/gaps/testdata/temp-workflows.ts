import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Test-only: a complete, deployable workflow folder as a file map (not exported from index.ts). */
export function completeWorkflowFiles(): Record<string, string> {
  const files: Record<string, string> = {
    'requirements/01_Product_Requirements_Document.md': '# PRD',
    'requirements/02_Functional_Requirements_Specification.md': '# FRS',
    'requirements/03_Non_Functional_Requirements.md': '# NFR',
    'requirements/04_User_Stories_and_Use_Cases.md': '# Stories',
    'requirements/05_Glossary.md': '# Glossary',
    'design/01_SYSTEM_ARCHITECTURE.md': '# Architecture',
    'design/02_DATABASE_SCHEMA_DESIGN.md': '# Schema',
    'design/03_API_DESIGN_SPECIFICATION.md': '## Endpoints\n- GET /api/users\n- POST /api/users\n',
    'design/04_UI_UX_DESIGN.md': '# UI',
    'implementation/.env.example': 'DATABASE_URL=\nPORT=3000\nAPI_KEY=\n',
    'implementation/backend/package.json': JSON.stringify({
      dependencies: { express: '^4' },
      scripts: { start: 'node dist/server.js' },
    }),
    'implementation/backend/src/server.ts':
      "import express from 'express';\nimport users from './routes/users.routes.js';\n",
    'implementation/backend/src/routes/users.routes.ts': "import { list } from '../controllers/users.controller.js';\n",
    'implementation/backend/src/controllers/users.controller.ts':
      "import { find } from '../services/users.service.js';\n",
    'implementation/backend/src/services/users.service.ts': "import { User } from '../models/user.model.js';\n",
    'implementation/backend/src/models/user.model.ts': 'export interface User { id: string }\n',
    'implementation/frontend/package.json': JSON.stringify({
      dependencies: { react: '^18' },
      scripts: { build: 'vite build' },
    }),
    'implementation/frontend/src/App.tsx':
      "import React from 'react';\nimport { A } from './components/A.js';\nimport { B } from './components/B.js';\nimport { C } from './components/C.js';\n",
    'implementation/frontend/src/components/A.tsx': 'export const A = 1;',
    'implementation/frontend/src/components/B.tsx': 'export const B = 1;',
    'implementation/frontend/src/components/C.tsx': 'export const C = 1;',
    'testing/users.test.ts': "import { find } from '../implementation/backend/src/services/users.service.js';\n",
    'testing/api.spec.ts': "import users from '../implementation/backend/src/routes/users.routes.js';\n",
    'testing/ui.test.tsx': "import { A } from '../implementation/frontend/src/components/A.js';\n",
    'deployment/docker/Dockerfile.backend': 'FROM node:20\n',
    'deployment/docker/Dockerfile.frontend': 'FROM node:20\n',
    'deployment/docker-compose.yml':
      'services:\n  backend:\n    build: ../implementation/backend\n  frontend:\n    build:\n      context: ../implementation/frontend\n  db:\n    image: postgres:16\n',
    'deployment/ci/pipeline.yml': 'steps: []\n',
  };
  for (let i = 0; i < 15; i++)
    files[`implementation/backend/src/services/helper-${i}.ts`] = `export const h${i} = ${i};\n`;
  for (let i = 0; i < 6; i++) files[`implementation/frontend/src/pages/page-${i}.tsx`] = `export const P${i} = ${i};\n`;
  return files;
}

export interface TempWorkflows {
  readonly root: string;
  /** Writes a workflow folder `name` under root with files aged one hour (so the stat cache trusts them). */
  add(name: string, files: Record<string, string>): string;
  dispose(): void;
}

export function createTempWorkflows(): TempWorkflows {
  const root = mkdtempSync(join(tmpdir(), 'maestro-wf-'));
  const hourAgo = (Date.now() - 3_600_000) / 1000;
  return {
    root,
    add(name, files) {
      const dir = join(root, name);
      mkdirSync(dir, { recursive: true });
      for (const [path, content] of Object.entries(files)) {
        const abs = join(dir, path);
        mkdirSync(dirname(abs), { recursive: true });
        writeFileSync(abs, content);
        utimesSync(abs, hourAgo, hourAgo);
      }
      return dir;
    },
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}
