import { chinaDateOf, formatIsoDate } from '@oa/shared';
import type { WorkflowView } from '../../api-contract';
import type { CoreContext } from '../context';
import { readDocument } from '../store/documents';

/**
 * The document as issued by its 发文 flow: the saved draft with the 发文字号 the register
 * allocated and, without a date of its own, the date of the sign-off (成文日期 = the last
 * signing leader's date).
 */
export function finalDocumentOf(context: CoreContext, flow: WorkflowView) {
  const row = readDocument(context, flow.documentId);
  const signOff = [...flow.state.history].reverse().find((e) => e.stepId === 'sign-off' && e.action === 'complete');
  const content = row.document;
  const date = content.signature.date ?? (signOff ? formatIsoDate(chinaDateOf(signOff.at)) : undefined);
  return {
    ...content,
    docNumber: content.docNumber ?? flow.state.docNumber,
    signature: { ...content.signature, date },
  };
}
