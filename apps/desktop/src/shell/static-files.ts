import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { mediaTypes } from './security';

/**
 * Resolves a URL path to a file of the renderer build, never outside its directory; the
 * root and unknown paths without an extension give index.html (client-side routes).
 */
export function rendererFile(root: string, urlPath: string): { body: Buffer; type: string } | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const base = resolve(root);
  const candidate = resolve(join(base, normalize(decoded)));
  if (candidate !== base && !candidate.startsWith(base + sep)) return undefined;
  const isFile = existsSync(candidate) && statSync(candidate).isFile();
  const file = isFile ? candidate : extname(decoded) === '' ? join(base, 'index.html') : undefined;
  if (file === undefined || !existsSync(file)) return undefined;
  return { body: readFileSync(file), type: mediaTypes[extname(file)] ?? 'application/octet-stream' };
}
