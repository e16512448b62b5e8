import { isOaError } from '@oa/shared';
import { parseArchiveMetadata, type ArchiveCatalog, type ArchiveRequest, type ArchivedItem } from '../catalog';
import { archiveErrors } from '../errors';
import { stampArchivePdf, type StampRequest } from './archive-stamp';

const maxAttempts = 5;

/**
 * Archives an item with its 归档章: takes the next 件号, stamps the document PDF with it (a signed
 * incremental update), and records the item under exactly that number. When a concurrent
 * archiving took the number meanwhile, it stamps again with the next one.
 */
export async function archiveWithStamp(
  catalog: ArchiveCatalog,
  request: ArchiveRequest,
  stamp: Omit<StampRequest, 'metadata'>,
): Promise<ArchivedItem> {
  const base = parseArchiveMetadata(request.metadata);
  const index = request.files.findIndex((file) => file.role === 'document' && file.mediaType === 'application/pdf');
  if (index < 0) throw archiveErrors.documentMissing();
  const original = request.files[index]!;
  for (let attempt = 1; ; attempt++) {
    const item = catalog.nextItemNumber(base);
    const stamped = await stampArchivePdf(original.bytes, { ...stamp, metadata: { ...base, item } });
    const files = request.files.map((file, i) => (i === index ? { ...file, bytes: stamped } : file));
    try {
      return catalog.archive({ ...request, files }, { expectedItem: item });
    } catch (error) {
      if (!(isOaError(error) && error.code === 'ARCHIVE_NUMBER_TAKEN') || attempt >= maxAttempts) throw error;
    }
  }
}
