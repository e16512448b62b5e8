import type { DocumentView } from '../api-contract';
import type { Person } from './drafts/attribution';
import type { DraftBodies } from './drafts/draft-bodies';
import type { CoreContext } from './context';
import { isoNow } from './context';
import { desktopError } from './errors';
import { getDocument, insertDocument, readDocument, updateDocumentContent, validateDraft } from './store/documents';
import { appendOp } from './store/outbox';

/**
 * Creating and saving drafts: the JSON is checked in draft stage, the body goes into the
 * draft's Yjs document, and the row, the body update and the outbox ops are written in one
 * transaction.
 */
export class DocumentsService {
  constructor(
    private readonly context: CoreContext,
    private readonly bodies: DraftBodies,
  ) {}

  createDraft(person: Person, input: unknown): DocumentView {
    const { document } = validateDraft(input);
    const id = this.context.newId();
    try {
      this.context.db.transaction(() => {
        insertDocument(this.context, { id, document, createdBy: person.id, at: isoNow(this.context) });
        // The save first: a colleague's device creates the draft from it before the body's updates arrive.
        this.queueSave(person, id);
        this.bodies.seed(id, document.body, person);
      })();
    } catch (error) {
      this.bodies.evict(id);
      throw error;
    }
    return this.view(id);
  }

  /**
   * Saves a new version of a draft made at `revision` (a stale revision is refused, never
   * merged). With `keepBody` the body stays as the live editor left it (`document.body` is only
   * validated), so a colleague's edit that this editor has not seen yet is not undone.
   */
  updateDraft(
    person: Person,
    id: string,
    revision: number,
    input: unknown,
    options: { keepBody?: boolean } = {},
  ): DocumentView {
    const { document } = validateDraft(input);
    try {
      this.context.db.transaction(() => {
        const current = readDocument(this.context, id);
        if (current.stage !== 'draft') throw desktopError('DOC_NOT_DRAFT');
        if (current.revision !== revision) {
          throw desktopError('DOC_STALE_REVISION', { current: current.revision, given: revision });
        }
        if (options.keepBody !== true) this.bodies.replace(id, person, document.body);
        updateDocumentContent(
          this.context,
          id,
          { ...document, body: this.bodies.blocks(id) },
          isoNow(this.context),
          true,
        );
        this.queueSave(person, id);
      })();
    } catch (error) {
      this.bodies.evict(id);
      throw error;
    }
    return this.view(id);
  }

  private queueSave(person: Person, id: string): void {
    const saved = readDocument(this.context, id);
    appendOp(this.context, {
      type: 'document.save',
      actorId: person.id,
      documentId: id,
      revision: saved.revision,
      document: saved.document,
    });
  }

  private view(id: string): DocumentView {
    const { document: _document, ...view } = getDocument(this.context, id);
    return view;
  }
}
