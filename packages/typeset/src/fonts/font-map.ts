import { z } from 'zod';
import { OaError, type FontRole } from '@oa/shared';
import { fontRoleAliases, fontRoles, type FontSource } from './roles';

/**
 * fonts.json: role (English code or Chinese name) → font file, or { file, face }.
 * ```json
 * { "仿宋": "C:/Windows/Fonts/simfang.ttf", "heiti": { "file": "/x/NotoSansCJK-Regular.ttc", "face": "NotoSansCJKsc-Regular" } }
 * ```
 */
const sourceSchema = z.union([
  z.string().trim().min(1),
  z.object({
    file: z.string().trim().min(1),
    face: z.union([z.number().int().min(0), z.string().min(1)]).optional(),
  }),
]);

export const fontMapSchema = z.record(z.string(), sourceSchema);

export type FontMap = Partial<Record<FontRole, FontSource>>;

/** Validates a parsed fonts.json; an unknown role or a malformed entry is a FONT_MAP_INVALID error. */
export function parseFontMap(input: unknown): FontMap {
  const parsed = fontMapSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') || '(root)' : '(root)';
    throw new OaError(
      'FONT_MAP_INVALID',
      {
        zh: `字体配置无效（${where}）：每个字体角色应对应一个字体文件路径，或 {"file": 路径, "face": 序号或名称}。`,
        en: `Invalid font map (${where}): each role needs a font file path, or {"file": path, "face": index or name}.`,
      },
      { path: where },
    );
  }
  const map: FontMap = {};
  for (const [key, value] of Object.entries(parsed.data)) {
    const role = (fontRoles as readonly string[]).includes(key) ? (key as FontRole) : fontRoleAliases[key];
    if (!role) {
      throw new OaError(
        'FONT_MAP_UNKNOWN_ROLE',
        {
          zh: `字体配置中的“${key}”不是字体角色；可用：小标宋、仿宋、楷体、黑体、宋体（或 ${fontRoles.join('、')}）。`,
          en: `"${key}" in the font map is not a font role; use one of ${fontRoles.join(', ')} (or 小标宋 仿宋 楷体 黑体 宋体).`,
        },
        { role: key },
      );
    }
    map[role] = typeof value === 'string' ? { file: value } : { file: value.file, face: value.face };
  }
  return map;
}
