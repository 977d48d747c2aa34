import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { GeneratedFile } from './codebase-types.js';

const WRITE_CONCURRENCY = 32;

/**
 * Writes generated files under `root` (folders created first, then files with bounded concurrency: thousands of
 * parallel writes exhaust file descriptors, one at a time wastes the disk's queue). Returns the bytes written.
 */
export async function writeGeneratedFiles(root: string, files: readonly GeneratedFile[]): Promise<number> {
  const folders = [...new Set(files.map((file) => dirname(join(root, file.path))))].sort();
  for (const folder of folders) await mkdir(folder, { recursive: true });
  let bytes = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const file = files[next++] as GeneratedFile;
      const data = Buffer.from(file.text, 'utf8');
      bytes += data.byteLength;
      await writeFile(join(root, file.path), data);
    }
  };
  await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, files.length) }, worker));
  return bytes;
}

export function byteLengthOf(files: readonly GeneratedFile[]): number {
  return files.reduce((sum, file) => sum + Buffer.byteLength(file.text, 'utf8'), 0);
}
