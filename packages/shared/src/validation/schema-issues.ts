import type { z } from 'zod';
import { classificationAliases, urgencyAliases } from '../document/classification';
import { kindAliases } from '../document/kinds';
import { violation, type Violation } from './catalog';
import { nameField } from './element-names';

/** English code → its Chinese name, so an enum error can show both (`notice（通知）`). */
const chineseNames = new Map<string, string>(
  [kindAliases, classificationAliases, urgencyAliases].flatMap((aliases) =>
    Object.entries(aliases)
      .filter(([name]) => name !== '令' && name !== '命令')
      .map(([name, code]) => [code, name] as [string, string]),
  ),
);

/** `['issuers', 1, 'code']` → `issuers[1].code`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

const typeNames: Record<string, { zh: string; en: string }> = {
  string: { zh: '文字', en: 'string' },
  number: { zh: '数字', en: 'number' },
  boolean: { zh: '布尔值（true/false）', en: 'boolean' },
  array: { zh: '列表', en: 'array' },
  object: { zh: '对象', en: 'object' },
};

/** A required element missing, named as people know it in Chinese (the path stays in both). */
function required(field: string): Violation {
  const v = violation('SCHEMA_REQUIRED', field, { field: nameField(field) });
  v.message.en = violation('SCHEMA_REQUIRED', field, { field }).message.en;
  return v;
}

/** Turns zod's issues into violations people can act on. */
export function schemaIssuesToViolations(issues: readonly z.core.$ZodIssue[]): Violation[] {
  return issues.map((issue) => {
    const field = formatPath(issue.path);
    switch (issue.code) {
      case 'invalid_type': {
        if (issue.input === undefined) return required(field);
        const expected = typeNames[issue.expected] ?? { zh: issue.expected, en: issue.expected };
        const v = violation('SCHEMA_TYPE', field, { field, expected: expected.zh });
        v.message.en = `"${field}" must be of type ${expected.en}.`;
        return v;
      }
      case 'too_small':
        if (issue.origin === 'array') return violation('SCHEMA_EMPTY', field, { field });
        if (issue.origin === 'string') return required(field);
        return violation('SCHEMA_INVALID', field, { field, detail: issue.message });
      case 'invalid_value':
        return violation('SCHEMA_ENUM', field, {
          field,
          value: String(issue.input ?? ''),
          options: issue.values
            .map((value) => {
              const zh = chineseNames.get(String(value));
              return zh ? `${String(value)}（${zh}）` : String(value);
            })
            .join(', '),
        });
      case 'invalid_union': {
        const v = violation('SCHEMA_INVALID', field, { field, detail: '' });
        v.message.zh = `“${field}”的值不符合任何允许的形式，请对照 docs/document-format.md。`;
        v.message.en = `"${field}" matches none of the allowed forms; see docs/document-format.md.`;
        return v;
      }
      default:
        return violation('SCHEMA_INVALID', field, { field, detail: issue.message });
    }
  });
}
