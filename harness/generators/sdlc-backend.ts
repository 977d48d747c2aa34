import type { GeneratedFile } from './codebase-types.js';

/**
 * The service layer a deployable backend has on top of the layered code base: an HTTP entry (src/server.ts)
 * mounting one route module per business module, services calling the domain through the `@domain/*` alias,
 * models, a package.json with start/build scripts and an .env.example. Paths are relative to the backend root.
 */
const identifier = (module: string): string =>
  module.replace(/[^A-Za-z0-9]+(\w)/g, (_, c: string) => c.toUpperCase()).replace(/^[^A-Za-z_]/, '_');
const typeName = (module: string): string => {
  const id = identifier(module);
  return `${id.charAt(0).toUpperCase()}${id.slice(1)}Record`;
};

export function backendServiceLayer(modules: readonly string[]): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  for (const module of modules) {
    const id = identifier(module);
    const type = typeName(module);
    files.push(
      {
        path: `src/models/${module}.model.ts`,
        text: `export interface ${type} {\n  readonly id: string;\n  readonly createdAt: string;\n  readonly status: 'active' | 'archived';\n}\n`,
      },
      {
        path: `src/services/${module}.service.ts`,
        text: [
          `import * as domain from '@domain/${module}';`,
          `import type { ${type} } from '../models/${module}.model';`,
          '',
          'const records = new Map<string, ' + type + '>();',
          '',
          `export function list${type}s(): ${type}[] {`,
          '  return [...records.values()];',
          '}',
          '',
          `export function create${type}(id: string): ${type} {`,
          `  const record: ${type} = { id, createdAt: new Date().toISOString(), status: 'active' };`,
          '  records.set(id, record);',
          '  return record;',
          '}',
          '',
          'export const domainExports = Object.keys(domain).length;',
          '',
        ].join('\n'),
      },
      {
        path: `src/routes/${module}.routes.ts`,
        text: [
          "import { Router } from 'express';",
          `import { create${type}, list${type}s } from '../services/${module}.service';`,
          '',
          `export const ${id}Routes = Router();`,
          `${id}Routes.get('/', (_req, res) => res.json(list${type}s()));`,
          `${id}Routes.post('/', (req, res) => res.status(201).json(create${type}(String(req.body?.id))));`,
          '',
        ].join('\n'),
      },
    );
  }
  files.push({
    path: 'src/server.ts',
    text: [
      "import express from 'express';",
      ...modules.map((m) => `import { ${identifier(m)}Routes } from './routes/${m}.routes';`),
      '',
      'const app = express();',
      'app.use(express.json());',
      ...modules.map((m) => `app.use('/api/${m}', ${identifier(m)}Routes);`),
      'app.listen(Number(process.env.PORT ?? 8080));',
      '',
    ].join('\n'),
  });
  files.push({
    path: '.env.example',
    text: 'DATABASE_URL=postgres://app:app@localhost:5432/app\nPORT=8080\nAPI_BASE_URL=http://localhost:8080/api\n',
  });
  return files;
}

/** The layered code base's package.json plus the HTTP framework the service layer uses and the scripts a deploy runs. */
export function backendPackageJson(planned: string): string {
  const pkg = JSON.parse(planned) as { dependencies?: Record<string, string> } & Record<string, unknown>;
  const dependencies = { ...pkg.dependencies, express: '^4.19.0' };
  const sorted = Object.fromEntries(Object.entries(dependencies).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${JSON.stringify({ ...pkg, scripts: { build: 'tsc -p tsconfig.json', start: 'node dist/server.js' }, dependencies: sorted }, null, 2)}\n`;
}
