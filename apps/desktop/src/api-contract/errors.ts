import type { LocalizedText } from '@oa/shared';
import { z } from 'zod';
import { exchangeErrorCatalog } from './exchange-errors';

/**
 * The desktop API's error codes and the messages people see (Chinese first). `{name}`
 * placeholders are filled from the error's details. The renderer may show any of them.
 */
export const desktopErrorCatalog = {
  API_UNKNOWN_METHOD: { zh: '未知的操作：{method}', en: 'Unknown operation: {method}' },
  API_BAD_INPUT: {
    zh: '输入有误：{issues}',
    en: 'Invalid input: {issues}',
  },
  API_UNAUTHORIZED: {
    zh: '访问令牌缺失或无效，请使用启动时显示的完整地址打开',
    en: 'Missing or invalid access token: open the full address printed at start-up',
  },
  API_INTERNAL: {
    zh: '内部错误，操作未完成，数据未改动；请重试或联系管理员',
    en: 'Internal error: the operation did not complete and nothing was changed; retry or contact the administrator',
  },
  ACCOUNT_LOCKED: { zh: '请先登录或解锁本机账户', en: 'Log in or unlock the local account first' },
  ACCOUNT_UNKNOWN: {
    zh: '本机没有账户“{login}”：请先联网登录一次',
    en: 'No local account "{login}": log in online once first',
  },
  ACCOUNT_EXISTS: { zh: '账户“{login}”已存在', en: 'Account "{login}" already exists' },
  ACCOUNT_PROFILE_REQUIRED: {
    zh: '首次在本机登录：请填写姓名并选择您在公文流转中的角色',
    en: 'First login on this computer: enter your name and choose your roles in the document flow',
  },
  COLLEAGUES_NEED_HUB_LOGIN: {
    zh: '本机账户尚未联网登录，无法列出同事：请锁定后用“联网登录”登录一次',
    en: 'This account has not logged in online, so colleagues cannot be listed: lock and use "Log in online" once',
  },
  CO_DRAFTING_NEEDS_HUB_LOGIN: {
    zh: '本机账户尚未联网登录，无法协同拟稿：请锁定后用“联网登录”登录一次',
    en: 'This account has not logged in online, so it cannot co-draft: lock and use "Log in online" once',
  },
  CO_DRAFTING_NOT_SYNCED: {
    zh: '草稿尚未同步到交换中心，暂不能邀请协同拟稿人：{reason}',
    en: 'The draft has not reached the hub yet, so co-drafters cannot be invited: {reasonEn}',
  },
  HUB_LOGIN_UNREACHABLE: {
    zh: '无法连接交换中心 {url}：请检查地址和网络；已有本机账户的可离线解锁',
    en: 'Cannot reach the hub at {url}: check the address and the network; an existing local account can unlock offline',
  },
  HUB_LOGIN_REFUSED: {
    zh: '交换中心拒绝登录：{reason}',
    en: 'The hub refused the login: {reasonEn}',
  },
  HUB_LOGIN_NO_AGENCY: {
    zh: '该用户不属于任何单位，不能在公文客户端登录；请联系单位管理员',
    en: 'This user belongs to no agency and cannot use the desktop client; ask your agency administrator',
  },
  HUB_LOGIN_OTHER_PERSON: {
    zh: '本机账户“{login}”属于另一位交换中心用户，不能用此用户登录',
    en: 'The local account "{login}" belongs to another hub user; it cannot log in as this one',
  },
  ACCOUNT_WRONG_PASSWORD: { zh: '密码错误', en: 'Wrong password' },
  ACCOUNT_THROTTLED: {
    zh: '密码错误次数过多，请于 {until} 后再试',
    en: 'Too many wrong passwords: try again after {until}',
  },
  ACCOUNT_WEAK_PASSWORD: {
    zh: '密码至少需要 {min} 个字符',
    en: 'The password needs at least {min} characters',
  },
  TOKEN_STORE_UNAVAILABLE: {
    zh: '系统密钥存储不可用，令牌仅保存在内存中',
    en: 'The system key store is unavailable: the token is kept in memory only',
  },
  DOC_NOT_FOUND: { zh: '找不到公文 {id}', en: 'Document {id} not found' },
  DOC_INVALID: {
    zh: '公文内容不符合要求：{violations}',
    en: 'The document is not valid: {violations}',
  },
  SIGN_OFF_NOT_READY: {
    zh: '“{title}”不在签发环节或不由您签发，未签',
    en: '"{title}" is not at the sign-off step or not yours to sign; not signed',
  },
  SIGN_OFF_JOB_UNKNOWN: {
    zh: '找不到这批签发（应用重启后进度不再保留），请刷新待签发列表',
    en: 'This sign-off batch is not known (progress is not kept across restarts); refresh the list',
  },
  ARCHIVE_OUT_DIR_UNWRITABLE: {
    zh: '无法写入导出目录 {dir}：请选择一个可写的文件夹',
    en: 'Cannot write to the export folder {dir}: choose a folder you can write to',
  },
  ARCHIVE_JOB_UNKNOWN: {
    zh: '找不到这项归档任务（应用重启后进度不再保留），请刷新列表查看结果',
    en: 'This archiving job is not known (progress is not kept across restarts); refresh the list to see the results',
  },
  ARCHIVE_NOT_READY: {
    zh: '“{title}”尚未到归档环节或缺少成文日期，不能归档',
    en: '"{title}" is not at the archive step or lacks its date of issue: it cannot be archived',
  },
  JOB_WORKER_FAILED: {
    zh: '后台处理线程意外停止，本批未完成的文件未处理（已完成的保持有效）；请重新开始剩余的文件',
    en: 'The background worker stopped unexpectedly: the unfinished items of this batch were not processed (finished ones stay done); start the rest again',
  },
  DOCX_TOO_LARGE: {
    zh: 'Word 文档超过 {megabytes} MB，未导入；正文未改动',
    en: 'The Word document is over {megabytes} MB and was not imported; the body is unchanged',
  },
  DOCX_NOT_DOCX: {
    zh: '所选文件不是 Word 文档（.docx），未导入；旧版 .doc 请先在 Word 中另存为 .docx',
    en: 'The file is not a Word document (.docx) and was not imported; save an old .doc as .docx in Word first',
  },
  DOCX_CORRUPT: {
    zh: 'Word 文档已损坏或无法读取，未导入；正文未改动',
    en: 'The Word document is damaged or cannot be read and was not imported; the body is unchanged',
  },
  DOCX_EMPTY: {
    zh: 'Word 文档中没有文字，未导入',
    en: 'The Word document has no text; nothing was imported',
  },
  PREVIEW_FAILED: {
    zh: '排版预览未能生成，草稿未受影响；请重试',
    en: 'The typeset preview could not be made; the draft is unaffected. Try again',
  },
  DOC_STALE_REVISION: {
    zh: '公文已被修改（当前版本 {current}，提交的是 {given}），请刷新后重试',
    en: 'The document changed meanwhile (now revision {current}, you sent {given}): reload and retry',
  },
  EXCHANGE_ALREADY_RECEIVED: {
    zh: '来文 {messageId} 已收取，不能重复收文',
    en: 'Message {messageId} was already received; it is not taken in twice',
  },
  EXCHANGE_CONTENT_MISMATCH: {
    zh: '来文正文与封皮记载的摘要不符，已拒收；请联系发文单位',
    en: 'The document does not match the hash its envelope names; refused. Contact the sender',
  },
  DOC_NOT_DRAFT: { zh: '公文已定稿，不能再修改', en: 'The document is final and can no longer be edited' },
  ATTACHMENT_NOT_FOUND: { zh: '找不到附件 {id}', en: 'Attachment {id} not found' },
  BLOB_NOT_FOUND: { zh: '找不到文件内容 {hash}', en: 'File content {hash} not found' },
  BLOB_CORRUPT: {
    zh: '文件内容已损坏（校验值不符）：{hash}',
    en: 'File content is corrupt (hash mismatch): {hash}',
  },
  BLOB_TOO_LARGE: {
    zh: '文件过大（{size} 字节，上限 {max} 字节）',
    en: 'The file is too large ({size} bytes, at most {max})',
  },
  SETTING_UNKNOWN: { zh: '未知的设置项：{key}', en: 'Unknown setting: {key}' },
  SETTING_INVALID: { zh: '设置项“{key}”的值无效：{issues}', en: 'Invalid value for setting "{key}": {issues}' },
  SNAPSHOT_NOT_FOUND: { zh: '找不到修改痕迹快照 {id}', en: 'Revision snapshot {id} not found' },
  DRAFT_EDIT_OUT_OF_RANGE: {
    zh: '编辑位置超出正文长度（{length} 个字符）',
    en: 'The edit position is outside the body ({length} characters)',
  },
  DRAFT_UPDATE_INVALID: {
    zh: '正文更新数据无法解析',
    en: 'The body update cannot be decoded',
  },
  WORKFLOW_NOT_FOUND: { zh: '找不到办理流程 {id}', en: 'Workflow {id} not found' },
  WORKFLOW_DEFINITION_UNKNOWN: {
    zh: '本机没有流程定义 {id}（版本 {version}），请联网同步后重试',
    en: 'Workflow definition {id} (version {version}) is not on this computer: sync and retry',
  },
  SYNC_CONFLICT_UNKNOWN: {
    zh: '没有这个待处理的同步冲突（{id}），可能已关闭',
    en: 'No open sync conflict {id}; it may have been dismissed already',
  },
  WORKFLOW_STALE: {
    zh: '流程已有新的办理（当前第 {current} 步，页面显示的是第 {given} 步），请刷新后重试',
    en: 'The workflow moved on meanwhile (now at version {current}, your view shows {given}): reload and retry',
  },
  WORKFLOW_ALREADY_RUNNING: {
    zh: '该公文已有进行中的{direction}流程',
    en: 'The document already has a running {directionEn} workflow',
  },
  STORE_NEWER_SCHEMA: {
    zh: '本地数据库来自更新版本的客户端（结构版本 {found}，本程序支持 {supported}），请升级客户端',
    en: 'The local database comes from a newer client (schema {found}, this one supports {supported}): upgrade the client',
  },
  ...exchangeErrorCatalog,
} as const satisfies Record<string, LocalizedText>;

export type DesktopErrorCode = keyof typeof desktopErrorCatalog;

/** How an error crosses every transport (IPC, HTTP RPC): the JSON form of OaError. */
export const apiErrorSchema = z.object({
  code: z.string(),
  message: z.object({ zh: z.string(), en: z.string() }),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ApiErrorJson = z.infer<typeof apiErrorSchema>;

/** What a transport returns for one call: a value or a typed error, never a thrown stack. */
export const apiResponseSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: apiErrorSchema }),
]);
export type ApiResponse = z.infer<typeof apiResponseSchema>;

/** Fills `{name}` placeholders of a catalog entry. */
export function formatErrorText(code: DesktopErrorCode, params: Record<string, unknown> = {}): LocalizedText {
  const fill = (template: string) =>
    template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  const text = desktopErrorCatalog[code];
  return { zh: fill(text.zh), en: fill(text.en) };
}
