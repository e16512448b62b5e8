/**
 * @oa/exchange-server: the 公文交换中心 (exchange hub). The CLI starts it (`oa hub serve`) and
 * talks to it (`oa exchange …`) through the client exported here.
 */
export { loadConfig, hubConfigSchema, envName, type HubConfig, type HubConfigInput } from './config';
export { configFlags, parseConfigArgs, resolveConfigPaths } from './flags';
export { startHub, closeOnSignals, type RunningHub } from './server';
export { createHub, type Hub } from './hub';
export { HubClient, type SendRequest, type TokenResult } from './client/hub-client';
export type { DraftPeopleView } from './drafts/draft-people';
export {
  composeSend,
  composeReceipt,
  signDetached,
  type EnvelopeFields,
  type OutgoingAttachment,
} from './client/compose';
export { verifyAuditChain, type AuditRow, type AuditVerification, type AuditProblem } from './audit/chain';
export { inboxCursor, type MessageView, type RecipientView } from './exchange/service';
export { agencyRoles, type AgencyRole } from './auth/roles';
export { agencyLevels, type AgencyLevel } from './directory/levels';
