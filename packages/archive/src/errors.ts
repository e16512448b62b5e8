import { OaError } from '@oa/shared';

/** Archive errors: stable codes with messages a records officer can act on. */
export const archiveErrors = {
  metadataInvalid: (problems: string) =>
    new OaError('ARCHIVE_METADATA_INVALID', {
      zh: `归档元数据不符合要求：${problems}`,
      en: `The archive metadata is not valid: ${problems}`,
    }),
  patternInvalid: (problems: string) =>
    new OaError('ARCHIVE_PATTERN_INVALID', {
      zh: `档号规则不正确：${problems}。规则须包含全宗号、年度、保管期限和件号。`,
      en: `The 档号 pattern is not valid: ${problems}. It needs fonds, year, retention and item.`,
    }),
  fileNameInvalid: (name: string) =>
    new OaError('ARCHIVE_FILE_NAME_INVALID', {
      zh: `文件名“${name}”不可用：不能包含路径分隔符、“..”或控制字符。`,
      en: `The file name "${name}" cannot be used: no path separators, "..", or control characters.`,
    }),
  documentMissing: () =>
    new OaError('ARCHIVE_DOCUMENT_MISSING', {
      zh: '归档件必须包含正式公文文件（PDF）。',
      en: 'An archive item needs its document (the PDF).',
    }),
  numberTaken: (item: number) =>
    new OaError('ARCHIVE_NUMBER_TAKEN', {
      zh: `件号 ${item} 已被同时进行的归档占用，请重试。`,
      en: `Item number ${item} was taken by another archiving at the same time; retry.`,
    }),
  notFound: (code: string) =>
    new OaError('ARCHIVE_NOT_FOUND', { zh: `找不到档号为“${code}”的归档件。`, en: `No archive item ${code}.` }),
};
