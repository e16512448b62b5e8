import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKeyStore, createRootCa, unlockCa, type Certificate } from '@oa/signature';
import { issueArchivistKey } from '@oa/signature/testing';
import { createApiClient, type ApiClient, type WorkflowView } from '../api-contract';
import { invokeApi } from './api/invoke';
import { openDesktopCore, type CoreOptions, type DesktopCore } from './core';

/** A core on a fresh temp data directory; `cleanup` closes it and deletes the directory. */
export function tempCore(options: Partial<CoreOptions> = {}): DesktopCore & { dataDir: string; cleanup: () => void } {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'oa-desktop-'));
  const core = openDesktopCore({ ...options, dataDir });
  return {
    ...core,
    dataDir,
    cleanup: () => {
      try {
        core.close();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/** A 通知 draft (no 发文字号 and 成文日期 yet, as drafts are). */
export function noticeDraft(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: '通知',
    issuers: [{ name: '南京市人民政府办公厅', code: '11320100014170019X' }],
    title: '南京市人民政府办公厅关于做好2026年冬季安全生产工作的通知',
    mainRecipients: ['各区人民政府', '市政府各部门'],
    body: [
      { type: 'paragraph', text: '为切实做好今冬明春安全生产工作，现就有关事项通知如下。' },
      { type: 'heading', level: 1, text: '一、提高思想认识' },
      { type: 'paragraph', text: '各地各部门要充分认识冬季安全生产工作的重要性。' },
    ],
    ...overrides,
  };
}

export const testPassword = '正确的口令-2026';

/** Creates and unlocks a local account on the core; returns its person view. */
export async function unlockedAs(
  core: DesktopCore,
  login: string,
  displayName: string,
  roles: string[] = ['drafter'],
): Promise<{ id: string; name: string; roles: string[] }> {
  await core.accounts.create({ login, displayName, password: testPassword, roles });
  await core.accounts.unlock(login, testPassword);
  return core.accounts.requireCurrent();
}

/** Several cores in one test (devices, restarts); `cleanup` closes and deletes them all. */
export function coreSet() {
  const cores: ReturnType<typeof tempCore>[] = [];
  return {
    open(options: Partial<CoreOptions> = {}) {
      const core = tempCore(options);
      cores.push(core);
      return core;
    },
    cleanup() {
      cores.splice(0).forEach((core) => core.cleanup());
    },
  };
}

/** An API client over a core with JSON in and out: the path every transport takes. */
export function jsonApiClient(core: DesktopCore): ApiClient {
  return createApiClient(async (method, input) =>
    JSON.parse(JSON.stringify(await invokeApi(core, method, JSON.parse(JSON.stringify(input ?? {}))))),
  );
}

/** Creates 张三 (drafter) through the API client and unlocks the session as him. */
export async function unlockedClient(api: ApiClient) {
  await api.createLocalAccount({ login: 'zhangsan', displayName: '张三', password: testPassword, roles: ['drafter'] });
  return api.unlock({ login: 'zhangsan', password: testPassword });
}

/** Calls an API method through the table (the path every transport takes); a refusal throws with its code. */
export async function callApi<T>(core: DesktopCore, method: string, input: unknown): Promise<T> {
  const response = await invokeApi(core, method, input);
  if (!response.ok) throw Object.assign(new Error(response.error.message.zh), { code: response.error.code });
  return response.value as T;
}

/** The error code an API call is refused with (fails the test when the call succeeds). */
export async function apiErrorCode(core: DesktopCore, method: string, input: unknown): Promise<string> {
  const response = await invokeApi(core, method, input);
  if (response.ok) throw new Error(`${method} should fail`);
  if (response.error.message.zh.length === 0) throw new Error(`${method}: refused without a message`);
  return response.error.code;
}

/**
 * Walks an outgoing flow by one person holding every role until `stepId` is open (会签 without
 * naming the next people, 登记 with `docNumber`).
 */
export function walkFlowTo(core: DesktopCore, flow: WorkflowView, stepId: string, docNumber = '宁政办发〔2026〕1号') {
  const actor = core.accounts.requireActor();
  let current = flow;
  while (current.currentStepId !== stepId) {
    const step = current.currentStepId!;
    current = core.workflows.act(actor, {
      instanceId: current.id,
      action: {
        type: 'complete',
        stepId: step,
        opinion: '同意。',
        ...(step === 'register' ? { docNumber } : {}),
        ...(step === 'countersign' ? {} : { next: { assignees: [{ id: actor.id, name: actor.name }] } }),
      },
    });
  }
  return current;
}

/**
 * A records office's 档案专用章 key (issued by a fresh test root CA) as a PIN-protected key store
 * file in `dir`; returns its path and the root to trust.
 */
export async function archivistKeyStore(
  dir: string,
  pin: string,
): Promise<{ keyStorePath: string; root: Certificate }> {
  const ca = await createRootCa({
    subject: { commonName: '南京市电子政务测试根证书', country: 'CN' },
    passphrase: 'root-pass-2026',
  });
  const key = await issueArchivistKey(unlockCa(ca, 'root-pass-2026'));
  const keyStorePath = join(dir, 'archivist.p12');
  writeFileSync(keyStorePath, createKeyStore({ ...key, pin }));
  return { keyStorePath, root: ca.certificate };
}
