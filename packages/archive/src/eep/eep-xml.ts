import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { OaError, formatPath } from '@oa/shared';
import { eepDescriptionSchema, type EepDescription } from './description';

/**
 * The EEP XML (DA/T 48-2009 element names). The signed part is the `<被签名对象>` element
 * exactly as written; `<电子签名块>` follows it and holds a detached CMS signature over those
 * bytes (see signed-object.ts).
 */
export const eepNamespace = 'urn:oa-gongwen:eep:1';
export const eepFormatDescription =
  '本封装包依据DA/T 48-2009《基于XML的电子文件封装规范》的结构生成，签名块为覆盖“被签名对象”元素原始字节的CMS分离式签名。';

const arrays = new Set(['文件实体', '文件数据', '业务实体', '签名摘要', '电子签名']);

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, indentBy: '  ' });
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => arrays.has(name),
});

function signedObjectTree(description: EepDescription) {
  return {
    '@_eep版本': '2009',
    封装包类型: description.packageType,
    封装包类型描述:
      description.packageType === '原始型'
        ? '本封装包包含电子文件数据及其元数据，原始封装，未经修改。'
        : '本封装包经过修改。',
    封装包创建时间: description.createdAt,
    封装包创建单位: description.createdBy,
    封装内容: {
      文件实体块: {
        文件实体: description.items.map((item) => ({
          聚合层次: '件',
          档号: item.archivalCode,
          元数据: {
            全宗号: item.metadata.fonds,
            门类代码: item.metadata.category,
            年度: item.metadata.year,
            保管期限: item.metadata.retention,
            机构问题代码: item.metadata.unit,
            件号: item.metadata.item,
            页数: item.metadata.pages,
            题名: item.metadata.title,
            文号: item.metadata.docNumber ?? '',
            责任者: item.metadata.responsible,
            日期: item.metadata.date,
            密级: item.metadata.classification,
            文种: item.metadata.kind,
          },
          文件数据: item.files.map((file) => ({
            文件路径: file.path,
            文件名: file.name,
            文件角色: file.role,
            格式信息: file.mediaType,
            计算机文件大小: file.size,
            摘要算法: 'SHA-256',
            摘要值: file.sha256,
          })),
          业务实体块: {
            业务实体: item.record.map((entry) => ({
              业务行为: entry.action,
              机构人员: entry.actor,
              行为时间: entry.at,
              行为描述: entry.opinion ?? '',
            })),
          },
          签名摘要块: {
            签名摘要: item.signatures.map((s) => ({
              所在文件: s.file,
              签名人: s.signer,
              签名时间: s.signedAt ?? '',
              签名类型: s.kind,
              验证结果: s.status,
            })),
          },
        })),
      },
    },
  };
}

/** Serialises the signed object (`<被签名对象>…</被签名对象>`) deterministically. */
export function buildSignedObjectXml(description: EepDescription): string {
  return builder.build({ 被签名对象: signedObjectTree(description) }).trim();
}

/** The whole eep.xml: declaration, root, format description, signed object, signature block. */
export function buildEepXml(signedObjectXml: string, signatureBlockXml: string): string {
  // The signed object is written verbatim (not re-indented), so its bytes are what was signed.
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<电子文件封装包 xmlns="${eepNamespace}">`,
    `  <封装包格式描述>${eepFormatDescription}</封装包格式描述>`,
    '  <版本>2009</版本>',
    signedObjectXml,
    signatureBlockXml,
    '</电子文件封装包>',
    '',
  ].join('\n');
}

export function eepInvalid(detail: string): OaError {
  return new OaError('EEP_INVALID', {
    zh: `封装包描述文件不符合规范：${detail}`,
    en: `The package description (eep.xml) is not valid: ${detail}`,
  });
}

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));
const optional = (value: unknown): string | undefined => (text(value) === '' ? undefined : text(value));

type Node = Record<string, unknown>;
const node = (value: unknown): Node => (typeof value === 'object' && value !== null ? (value as Node) : {});
const list = (value: unknown): Node[] => (Array.isArray(value) ? value.map(node) : []);

/** Reads eep.xml back into a description (validated); malformed XML or content is EEP_INVALID. */
export function parseEepXml(xml: string): { description: EepDescription; signatureBlock: Node } {
  let tree: Node;
  try {
    tree = parser.parse(xml, true) as Node;
  } catch (error) {
    throw eepInvalid(`XML: ${(error as Error).message}`);
  }
  const root = node(tree['电子文件封装包']);
  const signed = node(root['被签名对象']);
  const items = list(node(node(signed['封装内容'])['文件实体块'])['文件实体']).map((entity) => {
    const m = node(entity['元数据']);
    return {
      archivalCode: text(entity['档号']),
      metadata: {
        fonds: text(m['全宗号']),
        category: text(m['门类代码']),
        year: Number(text(m['年度'])),
        retention: text(m['保管期限']),
        unit: text(m['机构问题代码']),
        item: Number(text(m['件号'])),
        pages: Number(text(m['页数'])),
        title: text(m['题名']),
        docNumber: optional(m['文号']),
        responsible: text(m['责任者']),
        date: text(m['日期']),
        classification: text(m['密级']),
        kind: text(m['文种']),
      },
      files: list(entity['文件数据']).map((f) => ({
        path: text(f['文件路径']),
        name: text(f['文件名']),
        role: text(f['文件角色']),
        mediaType: text(f['格式信息']),
        size: Number(text(f['计算机文件大小'])),
        sha256: text(f['摘要值']),
      })),
      record: list(node(entity['业务实体块'])['业务实体']).map((b) => ({
        action: text(b['业务行为']),
        actor: text(b['机构人员']),
        at: text(b['行为时间']),
        opinion: optional(b['行为描述']),
      })),
      signatures: list(node(entity['签名摘要块'])['签名摘要']).map((s) => ({
        file: text(s['所在文件']),
        signer: text(s['签名人']),
        signedAt: optional(s['签名时间']),
        kind: text(s['签名类型']),
        status: text(s['验证结果']),
      })),
    };
  });
  const parsed = eepDescriptionSchema.safeParse({
    packageType: text(signed['封装包类型']),
    createdAt: text(signed['封装包创建时间']),
    createdBy: text(signed['封装包创建单位']),
    items,
  });
  if (!parsed.success) {
    throw eepInvalid(parsed.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join('; '));
  }
  return { description: parsed.data, signatureBlock: node(root['电子签名块']) };
}

/** The exact bytes of `<被签名对象>…</被签名对象>` in a package's eep.xml (what the signature covers). */
export function extractSignedObjectXml(xml: string): string {
  const start = xml.indexOf('<被签名对象');
  const endTag = '</被签名对象>';
  const end = xml.indexOf(endTag);
  if (start < 0 || end < start || xml.indexOf('<被签名对象', start + 1) >= 0) {
    throw eepInvalid('exactly one <被签名对象> element is required');
  }
  return xml.slice(start, end + endTag.length);
}
