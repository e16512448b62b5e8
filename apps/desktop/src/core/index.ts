/**
 * The desktop core: local store, accounts, drafts, the API table. Plain Node, no Electron.
 */
export { openDesktopCore, databaseFileName, type CoreOptions, type DesktopCore } from './core';
export { noSecretSealer, type SecretSealer } from './accounts/accounts';
export { desktopApi, type DesktopApi } from './api/table';
export { invokeApi, type ErrorLog } from './api/invoke';
export { receiveIncoming, type DeliveredMessage } from './exchange/receive';
