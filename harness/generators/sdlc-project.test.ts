import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { detectGaps } from '../../engines/gaps/index.js';
import { SDLC_PARTS } from './sdlc-parts.js';
import { writeSdlcProject } from './sdlc-project.js';
import type { SdlcPart } from './sdlc-parts.js';

/** Where each part lives on disk; written independently of the generator. */
const PART_PATHS: Record<SdlcPart, string> = {
  'requirements/user-stories': 'requirements/user-stories/',
  'requirements/acceptance-criteria': 'requirements/acceptance-criteria.md',
  'design/architecture': 'design/architecture.md',
  'design/api-spec': 'design/api-spec.yaml',
  'design/data-model': 'design/data-model.md',
  'implementation/backend': 'implementation/backend/src/',
  'implementation/frontend': 'implementation/frontend/src/',
  'testing/unit': 'testing/unit/',
  'testing/features': 'testing/features/',
  'testing/test-plan': 'testing/test-plan.md',
  'deployment/dockerfile': 'deployment/Dockerfile',
  'deployment/ci': 'deployment/ci/',
  'requirements/product-requirements': 'requirements/product-requirements.md',
  'deployment/kubernetes': 'deployment/k8s/',
};

function walk(root: string, prefix = ''): string[] {
  if (!existsSync(join(root, prefix))) return [];
  return readdirSync(join(root, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? walk(root, relative) : [relative];
  });
}

describe('writeSdlcProject', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'loads-sdlc-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('writes every phase and part at completeness 1, with a real backend and feature suite', async () => {
    const project = await writeSdlcProject(join(tmp, 'full'), {
      seed: 4,
      codeFiles: 60,
      completeness: 1,
      cycles: 1,
      layerViolations: 1,
    });
    const onDisk = walk(project.root);
    expect(onDisk.sort()).toEqual([...project.files]);
    expect(project.omittedParts).toEqual([]);
    expect(project.omittedPhases).toEqual([]);
    for (const part of SDLC_PARTS)
      expect(
        onDisk.some((f) => f.startsWith(PART_PATHS[part])),
        part,
      ).toBe(true);
    expect(project.backend?.cycles).toHaveLength(1);
    for (const edge of project.backend?.edges ?? [])
      expect(existsSync(join(project.backend!.root, edge.to))).toBe(true);
    expect(existsSync(join(project.features!.root, project.features!.files[0]!))).toBe(true);
    expect(onDisk.filter((f) => f.startsWith('requirements/user-stories/'))).toHaveLength(8);
    const spec = parse(readFileSync(join(project.root, 'design/api-spec.yaml'), 'utf8')) as {
      openapi: string;
      paths: object;
    };
    expect(spec.openapi).toBe('3.0.3');
    expect(Object.keys(spec.paths).length).toBeGreaterThan(0);
  });

  it('omits exactly the listed parts, more of them as completeness drops, and whole phases at the bottom', async () => {
    const omittedAt = new Map<number, readonly SdlcPart[]>();
    for (const completeness of [0.8, 0.5, 0.2, 0]) {
      const project = await writeSdlcProject(join(tmp, `c${completeness}`), { seed: 9, codeFiles: 40, completeness });
      const onDisk = walk(project.root);
      expect(project.omittedParts).toHaveLength(Math.round((1 - completeness) * SDLC_PARTS.length));
      for (const part of SDLC_PARTS) {
        expect(
          onDisk.some((f) => f.startsWith(PART_PATHS[part])),
          part,
        ).toBe(!project.omittedParts.includes(part));
      }
      for (const phase of project.omittedPhases) expect(existsSync(join(project.root, phase))).toBe(false);
      expect(project.presentPhases.length + project.omittedPhases.length).toBe(5);
      omittedAt.set(completeness, project.omittedParts);
    }
    expect(omittedAt.get(0)).toEqual([...SDLC_PARTS]);
    for (const [higher, lower] of [
      [0.8, 0.5],
      [0.5, 0.2],
      [0.2, 0],
    ] as const) {
      expect(omittedAt.get(lower)).toEqual(expect.arrayContaining([...omittedAt.get(higher)!]));
    }
  });

  it('agrees with the gap detector: no gap when complete, exactly the recorded gaps of each omitted part otherwise', async () => {
    for (const [seed, completeness, codeFiles] of [
      [7, 1, 16],
      [7, 1, 120],
      [11, 0.8, 16],
      [11, 0.6, 16],
      [5, 0.5, 24],
      [3, 0.3, 16],
      [8, 0.1, 16],
    ] as const) {
      const project = await writeSdlcProject(join(tmp, `gaps-${seed}-${completeness}-${codeFiles}`), {
        seed,
        codeFiles,
        completeness,
      });
      const report = await detectGaps(project.root, { cache: false });
      const expected = [...new Set(project.omittedParts.flatMap((part) => project.expectedGaps[part] ?? []))].sort();
      expect(report.gaps.map((g) => g.id).sort(), `seed ${seed} completeness ${completeness}`).toEqual(expected);
      if (completeness === 1) expect([report.completionPercent, report.deployable]).toEqual([100, true]);
      else expect(report.completionPercent).toBeLessThan(100);
    }
  });

  it('is deterministic for a seed', async () => {
    const hash = (root: string): string => {
      const h = createHash('sha256');
      for (const f of walk(root).sort()) h.update(f).update(readFileSync(join(root, f)));
      return h.digest('hex');
    };
    const a = await writeSdlcProject(join(tmp, 'det-a'), { seed: 2, codeFiles: 30, completeness: 0.6 });
    const b = await writeSdlcProject(join(tmp, 'det-b'), { seed: 2, codeFiles: 30, completeness: 0.6 });
    expect(hash(a.root)).toBe(hash(b.root));
    expect(a.omittedParts).toEqual(b.omittedParts);
    await expect(writeSdlcProject(join(tmp, 'bad'), { seed: 2, codeFiles: 30, completeness: 1.5 })).rejects.toThrow(
      RangeError,
    );
  });
});
