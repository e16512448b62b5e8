import type { TaskBox } from '../../api-contract';

/** Where the shell is: a section of the sidebar, a draft being edited or a document opened. */
export type Route =
  | { screen: 'workbench' }
  | { screen: 'box'; box: Exclude<TaskBox, 'overdue'> }
  | { screen: 'draft'; documentId?: string }
  | { screen: 'document'; documentId: string }
  | { screen: 'batch-sign' }
  | { screen: 'dispatch' }
  | { screen: 'inbox' }
  | { screen: 'archive' }
  | { screen: 'settings' };

/** The sidebar, in order (Alt+1…9 and Alt+0 follow it); `label` is the message key. */
export const sidebar: { route: Route; label: string; key: string }[] = [
  { route: { screen: 'workbench' }, label: 'nav.workbench', key: 'workbench' },
  { route: { screen: 'draft' }, label: 'nav.draft', key: 'draft' },
  { route: { screen: 'box', box: 'todo' }, label: 'nav.todo', key: 'todo' },
  { route: { screen: 'box', box: 'done' }, label: 'nav.done', key: 'done' },
  { route: { screen: 'box', box: 'to-read' }, label: 'nav.toRead', key: 'to-read' },
  { route: { screen: 'box', box: 'drafted' }, label: 'nav.drafted', key: 'drafted' },
  { route: { screen: 'batch-sign' }, label: 'nav.batchSign', key: 'batch-sign' },
  { route: { screen: 'dispatch' }, label: 'nav.dispatch', key: 'dispatch' },
  { route: { screen: 'inbox' }, label: 'nav.inbox', key: 'inbox' },
  { route: { screen: 'archive' }, label: 'nav.archive', key: 'archive' },
  { route: { screen: 'settings' }, label: 'nav.settings', key: 'settings' },
];

export function routeKey(route: Route): string {
  if (route.screen === 'box') return route.box;
  if (route.screen === 'document') return 'document';
  return route.screen;
}
