import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FontRole } from '@oa/shared';
import { fontCandidates, fontFolders, type FontSource } from './roles';

/** A font found for a role, and whether it is an open substitute for the standard face. */
export interface DiscoveredFont extends FontSource {
  fallback: boolean;
}

/** The platform's font folders, system first, then the user's. */
export function defaultFontFolders(platform: NodeJS.Platform = process.platform): string[] {
  const home = os.homedir();
  if (platform === 'win32') {
    const windir = process.env['WINDIR'];
    const local = process.env['LOCALAPPDATA'];
    return [
      ...(windir ? [path.join(windir, 'Fonts')] : fontFolders.win32),
      ...(local ? [path.join(local, 'Microsoft', 'Windows', 'Fonts')] : []),
    ];
  }
  if (platform === 'darwin') return [...fontFolders.darwin, path.join(home, 'Library', 'Fonts')];
  return [...fontFolders.linux, path.join(home, '.local', 'share', 'fonts'), path.join(home, '.fonts')];
}

/** Every font file under the folders, by lower-case file name (first one found wins). */
function indexFolders(folders: readonly string[]): Map<string, string> {
  const index = new Map<string, string>();
  const walk = (folder: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return; // a missing or unreadable folder simply holds no fonts
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory() && depth < 4) walk(full, depth + 1);
      else if (/\.(ttf|otf|ttc)$/i.test(entry.name) && !index.has(entry.name.toLowerCase())) {
        index.set(entry.name.toLowerCase(), full);
      }
    }
  };
  for (const folder of folders) walk(folder, 0);
  return index;
}

const indexes = new Map<string, Map<string, string>>();

/**
 * Finds a font file for each role in the folders: the commercial faces first (simfang,
 * 方正小标宋, STFangsong…), then Debian's open substitutes. Roles with nothing found are absent.
 */
export function discoverFonts(
  folders: readonly string[] = defaultFontFolders(),
): Partial<Record<FontRole, DiscoveredFont>> {
  const key = folders.join('\n');
  let index = indexes.get(key);
  if (!index) {
    index = indexFolders(folders);
    indexes.set(key, index);
  }
  const found: Partial<Record<FontRole, DiscoveredFont>> = {};
  for (const [role, candidates] of Object.entries(fontCandidates) as [FontRole, (typeof fontCandidates)[FontRole]][]) {
    for (const candidate of candidates) {
      const file = candidate.names.map((name) => index.get(name.toLowerCase())).find((f) => f !== undefined);
      if (file) {
        found[role] = { file, face: candidate.face, fallback: candidate.fallback === true };
        break;
      }
    }
  }
  return found;
}
