import type { LocalizedText } from '@oa/shared';

/**
 * Error codes of registration, dispatch and incoming exchange (登记、分发、收文), with the messages
 * people see; `{name}` placeholders are filled from the error's details. Kept beside the main
 * catalog so the exchange screens' errors read the same way.
 */
export const exchangeErrorCatalog = {
  EXCHANGE_NOT_CONFIGURED: {
    zh: '尚未设置公文交换：请在“设置 · 公文交换”中填写交换中心地址、本机关代码和印章证书库',
    en: 'Document exchange is not set up: fill in the hub address, agency code and seal key store under Settings · Exchange',
  },
  EXCHANGE_NOT_CONNECTED: {
    zh: '尚未连接交换中心：请输入印章 PIN 连接',
    en: 'Not connected to the hub: enter the seal PIN to connect',
  },
  EXCHANGE_WRONG_AGENCY: {
    zh: '印章证书属于 {found}，不是本机关（{expected}）的印章',
    en: 'The seal certificate belongs to {found}, not to this agency ({expected})',
  },
  EXCHANGE_FILE_UNREADABLE: { zh: '无法读取文件 {file}', en: 'Cannot read the file {file}' },
  EXCHANGE_TRUST_ROOT_INVALID: {
    zh: '根证书文件 {file} 不是 PEM 格式的证书',
    en: 'The root certificate file {file} is not a PEM certificate',
  },
  EXCHANGE_SEAL_RECORD_INVALID: {
    zh: '印章文件 {file} 不是有效的电子印章（{reason}）',
    en: 'The seal file {file} is not a valid electronic seal ({reason})',
  },
  DOC_NUMBER_PREFIX_INVALID: {
    zh: '机关代字“{prefix}”无效：只写代字本身，如“宁政办发”，不含年份、〔〕和“号”',
    en: 'The agency prefix "{prefix}" is invalid: give only the prefix, e.g. 宁政办发, without the year, 〔〕 or 号',
  },
  DISPATCH_NOT_AT_STEP: {
    zh: '《{title}》当前不在“{step}”环节',
    en: '"{title}" is not at the "{step}" step',
  },
  DISPATCH_NO_DOC_NUMBER: {
    zh: '《{title}》尚未登记发文字号',
    en: '"{title}" has no registered document number yet',
  },
  DISPATCH_NOT_SEALED: {
    zh: '《{title}》尚未盖章：请先用印',
    en: '"{title}" is not sealed yet: stamp the seal first',
  },
  DISPATCH_NO_SEAL_POSITION: {
    zh: '排版结果中没有本机关（{code}）的盖章位置：请检查发文机关代码',
    en: 'The typeset document has no seal position for this agency ({code}): check the issuing agency code',
  },
  DISPATCH_UNKNOWN_RECIPIENT: {
    zh: '交换目录中没有代码为 {code} 的机关',
    en: 'No agency with the code {code} in the hub directory',
  },
  DISPATCH_QUEUED: {
    zh: '交换中心暂时无法连接：公文已盖章并签封，保存在本机，连接恢复后点击“重新发送”即可发出',
    en: 'The hub cannot be reached: the sealed and signed document is kept here; press "Send again" once it is back',
  },
  DISPATCH_UNKNOWN_MESSAGE: { zh: '发文记录中没有这份公文：{id}', en: 'No such sent document: {id}' },
  DISPATCH_NOT_SENT: {
    zh: '这份公文还没有发到交换中心（待发送），无需撤回',
    en: 'This document has not reached the hub yet (waiting to be sent); there is nothing to recall',
  },
  DISPATCH_RECALL_REFUSED: {
    zh: '{agency}已取走这份公文（{state}），不能撤回；如需更正，请联系对方或另行发文',
    en: '{agency} has already fetched this document ({state}); it cannot be recalled — contact them or send a correction',
  },
  INCOMING_UNKNOWN: { zh: '没有这份来文：{id}', en: 'No such incoming document: {id}' },
  INCOMING_NOT_VALID: {
    zh: '来文验证未通过，不能签收：请退回并写明理由',
    en: 'The incoming document failed verification and cannot be signed for: return it with a reason',
  },
  INCOMING_CLOSED: {
    zh: '这份来文已{state}，不能再签收或退回',
    en: 'This incoming document is already {state}; it cannot be signed for or returned again',
  },
  RETURN_REASON_REQUIRED: { zh: '请写明退回理由', en: 'Give the reason for returning it' },
} as const satisfies Record<string, LocalizedText>;

export type ExchangeErrorCode = keyof typeof exchangeErrorCatalog;
