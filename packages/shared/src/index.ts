/**
 * @oa/shared: the 公文 domain model and protocol. Pure TypeScript + zod; no I/O and no
 * Node-only APIs, because the renderer uses it too.
 */
export * from './i18n';
export * from './errors';
export * from './agency/uscc';
export * from './document/kinds';
export * from './document/classification';
export * from './document/schema';
export * from './document/doc-number';
export * from './document/dates';
export * from './document/headings';
export * from './document/body-delta';
export * from './validation/catalog';
export type { ValidationOptions, ValidationStage } from './validation/context';
export {
  validateDocument,
  looksLikeDocument,
  documentFacts,
  type ValidationResult,
} from './validation/validate-document';
export { formatPath } from './validation/schema-issues';
export { recipientName } from './validation/rules-routing';
export * from './layout/seal-position';
export * from './archive/index';
export * from './workflow/index';
export * from './exchange/canonical-json';
export * from './exchange/envelope';
export * from './sync/ops';
