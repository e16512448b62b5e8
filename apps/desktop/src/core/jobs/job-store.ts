import type { DesktopErrorCode } from '../../api-contract';
import { desktopError } from '../errors';

/** What every background job keeps: its id, who started it, whether it is over. */
export interface JobRecord {
  jobId: string;
  startedBy: string;
  finished: boolean;
}

/** Finished jobs kept for their results (the newest ones). */
const keptFinished = 20;

/**
 * The background jobs of one kind (批量签发, 归档, export) while the app runs: each is read back
 * only by the person who started it; finished ones are kept for their results, the oldest
 * dropped. Progress is not kept across restarts (the work itself is, in the database).
 */
export class JobStore<J extends JobRecord> {
  private readonly jobs = new Map<string, J>();

  constructor(private readonly unknownCode: DesktopErrorCode) {}

  add(job: J): J {
    this.jobs.set(job.jobId, job);
    const finished = [...this.jobs.values()].filter((j) => j.finished);
    for (const old of finished.slice(0, Math.max(0, finished.length - keptFinished))) this.jobs.delete(old.jobId);
    return job;
  }

  get(startedBy: string, jobId: string): J {
    const job = this.jobs.get(jobId);
    if (job === undefined || job.startedBy !== startedBy) throw desktopError(this.unknownCode);
    return job;
  }
}
