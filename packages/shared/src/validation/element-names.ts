/**
 * The names people know a document's elements by (GB/T 9704 and the drafting form), for the
 * validator's messages: “缺少必填项‘发文机关名称’（issuers[0].name）” instead of the bare path.
 * Keys are paths with list positions written `[]`.
 */
const elementNames: Record<string, string> = {
  kind: '文种',
  copyNumber: '份号',
  'classification.level': '密级',
  'classification.period': '保密期限',
  urgency: '紧急程度',
  issuers: '发文机关',
  'issuers[].name': '发文机关名称',
  'issuers[].code': '统一社会信用代码',
  header: '版头',
  docNumber: '发文字号',
  signers: '签发人',
  'signers[].name': '签发人姓名',
  title: '标题',
  mainRecipients: '主送机关',
  body: '正文',
  'body[].text': '正文段落',
  attachments: '附件',
  'attachments[].title': '附件名称',
  'signature.date': '成文日期',
  note: '附注',
  cc: '抄送机关',
  'printing.by': '印发机关',
  'printing.date': '印发日期',
};

/** `issuers[0].name` → `发文机关名称（issuers[0].name）`; a path without a known name stays as it is. */
export function nameField(path: string): string {
  const name = elementNames[path.replace(/\[\d+\]/g, '[]')];
  return name === undefined ? path : `${name}（${path}）`;
}
