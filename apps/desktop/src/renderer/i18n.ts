import { pickText, type Locale, type LocalizedText } from '@oa/shared';

/** The page's texts (zh-CN first); components show them through `t`, never as literals. */
export const messages = {
  title: { zh: '公文办理', en: 'Official documents' },
  loading: { zh: '正在读取本机数据…', en: 'Reading local data…' },
  documentCount: { zh: '本机公文', en: 'Documents on this computer' },
  documentUnit: { zh: '件', en: '' },
  dataDir: { zh: '数据目录', en: 'Data directory' },
  transport: { zh: '连接方式', en: 'Connection' },
  transportElectron: { zh: '桌面应用（IPC）', en: 'desktop app (IPC)' },
  transportWebHost: { zh: '浏览器调试（本机 RPC）', en: 'browser host (loopback RPC)' },
  version: { zh: '版本', en: 'Version' },
  error: { zh: '出错了', en: 'Something went wrong' },
} satisfies Record<string, LocalizedText>;

export type MessageKey = keyof typeof messages;

export function translator(locale: Locale) {
  return (key: MessageKey) => pickText(messages[key], locale);
}
