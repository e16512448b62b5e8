/**
 * The desktop API contract and its typed client: safe for the renderer (zod and @oa/shared
 * only, no Node, no Electron).
 */
export * from './contract';
export * from './method-names';
export * from './client';
export * from './errors';
export type * from './views';
export type {
  BodyCursor,
  DraftPeopleView,
  DraftPresenceView,
  DraftUpdatesView,
  PresentPersonView,
  RelativePositionJson,
} from './rooms-contract';
export type { SignOffBatchView, SignOffItemView } from './sign-off-contract';
export type { ArchiveJobView } from './archive-jobs-contract';
export * from './exchange-contract';
export * from './exchange-errors';
export type * from './exchange-views';
export * from './exchange-method-names';
export { bodyCursorSchema } from './rooms-contract';
