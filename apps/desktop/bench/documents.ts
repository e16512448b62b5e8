import type { CoreContext } from '../src/core/context';
import { insertDocument, validateDraft } from '../src/core/store/documents';
import { noticeDraft } from '../src/core/test-support';

/** Subjects the benchmark documents are about, one in eight each (frequent search terms). */
export const benchSubjects = [
  '安全生产',
  '防汛抗旱',
  '档案移交',
  '电子公文',
  '财政预算',
  '城市更新',
  '乡村振兴',
  '营商环境',
];

/**
 * Fills a store with `count` 通知 drafts in one transaction, one second apart (doc-0 oldest).
 * `phrase(i)` adds a phrase to document i's body (rare terms for the search benchmarks).
 */
export function fillDocuments(context: CoreContext, count: number, phrase: (i: number) => string = () => ''): void {
  const { document } = validateDraft(noticeDraft());
  context.db.transaction(() => {
    for (let i = 0; i < count; i += 1) {
      const subject = benchSubjects[i % benchSubjects.length]!;
      insertDocument(context, {
        id: `doc-${i}`,
        document: {
          ...document,
          title: `关于做好第${i}批${subject}工作的通知`,
          body: [
            {
              type: 'paragraph',
              text: `请各单位按照${subject}要求，${phrase(i)}于第${(i % 12) + 1}月底前报送材料。${'相关工作'.repeat(40)}`,
            },
          ],
        },
        createdBy: 'bench',
        at: new Date(1_700_000_000_000 + i * 1000).toISOString(),
      });
    }
  })();
}
