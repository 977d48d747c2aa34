import { mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FOLDER_LISTINGS_FILE_NAME, loadFolderListings, saveFolderListings } from '../cache/index.js';
import { createTempProject, type TempProject } from '../test-support.js';
import { walkProject, type WalkResult } from './walk-project.js';

let project: TempProject | undefined;
afterEach(() => project?.dispose());

const HOUR_AGO = (Date.now() - 3_600_000) / 1000;

/** A project whose folders were last changed an hour ago, as in a checkout that is not being edited. */
function agedProject(): TempProject {
  const p = createTempProject({
    'src/a.ts': '',
    'src/ui/b.ts': '',
    'src/ui/c.tsx': '',
    'lib/d.js': '',
    'README.md': '',
  });
  for (const folder of ['src/ui', 'src', 'lib', '.']) utimesSync(join(p.root, folder), HOUR_AGO, HOUR_AGO);
  return p;
}

const paths = (walk: WalkResult): string[] => walk.sources.map((s) => s.path);

describe('walkProject folder listings', () => {
  it('reuses the listing of every folder whose mtime is unchanged, and keeps the listings id', () => {
    project = agedProject();
    const first = walkProject(project.root, { listings: { previous: undefined, startedAt: Date.now() } });
    expect(first.foldersRead).toBe(4);
    expect(paths(first)).toEqual(['lib/d.js', 'src/a.ts', 'src/ui/b.ts', 'src/ui/c.tsx']);

    const second = walkProject(project.root, { listings: { previous: first.listings, startedAt: Date.now() } });
    expect(second.foldersRead).toBe(0);
    expect(paths(second)).toEqual(paths(first));
    expect([...second.allFiles].sort()).toEqual([...first.allFiles].sort());
    expect(second.listings?.id).toBe(first.listings?.id);
  });

  it('reads a folder again when an entry is added, and gives the listings a new id', () => {
    project = agedProject();
    const first = walkProject(project.root, { listings: { previous: undefined, startedAt: Date.now() } });
    writeFileSync(join(project.root, 'src/ui/e.ts'), '');
    const second = walkProject(project.root, { listings: { previous: first.listings, startedAt: Date.now() } });
    expect(second.foldersRead).toBe(1);
    expect(paths(second)).toContain('src/ui/e.ts');
    expect(second.listings?.id).not.toBe(first.listings?.id);
  });

  it('notices a removed folder, even though only its parent is read', () => {
    project = agedProject();
    const first = walkProject(project.root, { listings: { previous: undefined, startedAt: Date.now() } });
    rmSync(join(project.root, 'lib'), { recursive: true });
    const second = walkProject(project.root, { listings: { previous: first.listings, startedAt: Date.now() } });
    expect(second.foldersRead).toBe(1);
    expect(paths(second)).toEqual(['src/a.ts', 'src/ui/b.ts', 'src/ui/c.tsx']);
    expect(second.listings?.byFolder.has('lib')).toBe(false);
    expect(second.listings?.id).not.toBe(first.listings?.id);
  });

  it('does not trust a folder whose mtime lies within the racy window of the walk that listed it', () => {
    project = agedProject();
    const startedAt = Date.now();
    const first = walkProject(project.root, { listings: { previous: undefined, startedAt } });
    // The same mtime as recorded, but at the listing walk's start: an entry added in the same tick keeps it.
    utimesSync(join(project.root, 'src'), startedAt / 1000, startedAt / 1000);
    const racy = { ...first.listings!, byFolder: new Map(first.listings!.byFolder) };
    racy.byFolder.set('src', { ...first.listings!.byFolder.get('src')!, mtimeMs: startedAt });
    const second = walkProject(project.root, { listings: { previous: racy, startedAt } });
    expect(second.foldersRead).toBe(1);
    expect(second.listings?.id).toBe(first.listings?.id); // read again, found the same entries
  });

  it('leaves ignored folders out of the listings, and reads everything again under another ignore list', () => {
    project = agedProject();
    mkdirSync(join(project.root, 'node_modules/pkg'), { recursive: true });
    writeFileSync(join(project.root, 'node_modules/pkg/index.js'), '');
    utimesSync(join(project.root), HOUR_AGO, HOUR_AGO);
    const first = walkProject(project.root, { listings: { previous: undefined, startedAt: Date.now() } });
    expect(first.listings?.byFolder.get('')?.folders.split('/').sort()).toEqual(['lib', 'src']);
    const other = walkProject(project.root, {
      ignoredDirectories: [],
      listings: { previous: first.listings, startedAt: Date.now() },
    });
    expect(other.foldersRead).toBe(6);
    expect(paths(other)).toContain('node_modules/pkg/index.js');
  });

  it('records nothing and reads every folder without the listings option', () => {
    project = agedProject();
    const walk = walkProject(project.root);
    expect(walk.listings).toBeUndefined();
    expect(walk.foldersRead).toBe(4);
  });

  it('round-trips through the cache file, and discards a damaged one with a warning', () => {
    project = agedProject();
    const cacheDir = join(project.root, '.maestro-cache');
    const first = walkProject(project.root, { listings: { previous: undefined, startedAt: Date.now() } });
    saveFolderListings(cacheDir, first.listings!);
    expect(readdirSync(cacheDir)).toEqual([FOLDER_LISTINGS_FILE_NAME]);
    const loaded = loadFolderListings(cacheDir);
    expect(loaded.warning).toBeUndefined();
    expect(loaded.listings).toEqual(first.listings);

    writeFileSync(
      join(cacheDir, FOLDER_LISTINGS_FILE_NAME),
      JSON.stringify({
        format: 'maestro-acc-folders-v1',
        id: 'x',
        listedAt: 1,
        ignoredFolders: '',
        folders: [['', 'mtime?', '', '', '']],
      }),
    );
    const damaged = loadFolderListings(cacheDir);
    expect(damaged.listings).toBeUndefined();
    expect(damaged.warning).toMatch(/^corrupt folder cache discarded: .*bad entry #0/);
    expect(loadFolderListings(join(project.root, 'no-such-cache'))).toEqual({});
  });
});
