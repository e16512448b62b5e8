import { desktopError } from '../errors';
import type {
  ArchiveItemInput,
  ExportInput,
  ExportProgress,
  JobsProtocol,
  OpenKeyInput,
  SignOffInput,
} from './jobs-protocol';
import { WorkerClient } from './worker-client';

/**
 * The core's side of the jobs worker thread (workers/jobs-worker.ts): 批量签发, 归档 and
 * export do their heavy work there, one request per document (or one for a whole export,
 * with progress events). If the thread dies, what is running fails with JOB_WORKER_FAILED and
 * the next request starts a fresh thread (keys opened in the old one are gone with it).
 */
export class JobsWorker {
  private readonly client = new WorkerClient<JobsProtocol>(
    { built: new URL('./jobs-worker.js', import.meta.url), source: new URL('./jobs-worker.ts', import.meta.url) },
    () => desktopError('JOB_WORKER_FAILED'),
  );

  /** Opens a key store in the worker (a wrong PIN fails here); returns the id its requests use. */
  async openKey(input: OpenKeyInput): Promise<string> {
    return (await this.client.request('openKey', input)).keyId;
  }

  /** Forgets the key in the worker (the end of a batch); never fails. */
  async dropKey(keyId: string): Promise<void> {
    await this.client.request('dropKey', { keyId }).catch(() => undefined);
  }

  /** Typesets and signs one 签发稿; returns the signed PDF. */
  async signOff(input: SignOffInput): Promise<Uint8Array> {
    return (await this.client.request('signOff', input)).pdf;
  }

  /** Typesets, stamps (归档章) and records one item; returns its 档号. */
  async archiveItem(input: ArchiveItemInput): Promise<string> {
    return (await this.client.request('archiveItem', input)).archivalCode;
  }

  /** Exports a signed EEP package and checks it (四性检测), reporting progress on the way. */
  exportPackage(input: ExportInput, onProgress: (event: ExportProgress) => void) {
    return this.client.request('exportPackage', input, onProgress);
  }

  /** Ends the thread now (a stuck job); the next request starts a new one. */
  terminate(): Promise<void> {
    return this.client.terminate();
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
