import { isOaError, type Actor } from '@oa/shared';
import type { ArchiveJobView, ParsedInput } from '../../api-contract';
import { desktopError } from '../errors';
import { JobStore } from '../jobs/job-store';
import type { ArchiveService } from './archive-service';

interface ArchiveJob extends ArchiveJobView {
  startedBy: string;
}

/**
 * 归档 and package export as background jobs with progress, for the records officer's screens:
 * the start call returns once the key store is open (a wrong PIN fails it and nothing begins),
 * then the work runs on, item by item, and `view` tells how far it is.
 */
export class ArchiveJobs {
  private readonly jobs = new JobStore<ArchiveJob>('ARCHIVE_JOB_UNKNOWN');

  constructor(
    private readonly archive: ArchiveService,
    private readonly newId: () => string,
  ) {}

  startArchiving(actor: Actor, input: ParsedInput<'archiveDocuments'>): Promise<ArchiveJobView> {
    const job = this.newJob(actor, 'archive', input.instanceIds.length);
    return this.begin(job, (started) =>
      this.archive.archive(actor, input, {
        started,
        outcome: (outcome) => {
          job.outcomes.push(outcome);
          job.done = job.outcomes.length;
        },
      }),
    );
  }

  startExport(actor: Actor, input: ParsedInput<'exportArchive'>): Promise<ArchiveJobView> {
    const job = this.newJob(actor, 'export', input.archivalCodes.length);
    return this.begin(job, async (started) => {
      job.exported = await this.archive.exportPackage(actor, input, {
        started,
        packed: (done) => (job.done = done),
        checking: () => (job.phase = 'check'),
      });
    });
  }

  view(actor: Actor, jobId: string): ArchiveJobView {
    return snapshot(this.jobs.get(actor.id, jobId));
  }

  private newJob(actor: Actor, kind: ArchiveJobView['kind'], total: number): ArchiveJob {
    return {
      jobId: this.newId(),
      startedBy: actor.id,
      kind,
      phase: 'items',
      done: 0,
      total,
      finished: false,
      outcomes: [],
      exported: null,
      error: null,
    };
  }

  /**
   * Runs `work` in the background; resolves once it has started (its key store opened) with the
   * job's first view, or rejects with the error that kept it from starting (a wrong PIN …).
   */
  private begin(job: ArchiveJob, work: (started: () => void) => Promise<unknown>): Promise<ArchiveJobView> {
    return new Promise((resolve, reject) => {
      let began = false;
      const started = () => {
        began = true;
        this.jobs.add(job);
        resolve(snapshot(job));
      };
      work(started).then(
        () => {
          job.phase = 'done';
          job.finished = true;
        },
        (error: unknown) => {
          if (!began) return reject(error);
          const failure = isOaError(error) ? error : desktopError('API_INTERNAL');
          job.error = { code: failure.code, message: failure.text };
          job.phase = 'done';
          job.finished = true;
        },
      );
    });
  }
}

function snapshot({ startedBy: _startedBy, ...job }: ArchiveJob): ArchiveJobView {
  return { ...job, outcomes: [...job.outcomes] };
}
