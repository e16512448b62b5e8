/**
 * Test helpers for suites that need a running hub (`@oa/exchange-server/testing`): a real test
 * PKI, sealed PDFs, a hub on a free port, a throwaway PostgreSQL. Not for production code.
 */
export { createTestPki, makePdf, sealedPdf, testAgencies, type TestAgencyKey, type TestPki } from './pki';
export { startTestHub, populate, adminCredentials, userPassword, type Backend } from './hub';
export { startTestPostgres, type TestPostgres } from './postgres';
export { spawnHub, freePort, type HubProcess } from './process';
export { spawnScratchHub } from './scratch-hub';
export { registerMembers, RoomTestPeer } from './rooms';
