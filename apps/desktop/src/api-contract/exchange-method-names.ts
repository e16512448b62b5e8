/** The exchange methods' names, dependency-free for the preload (see method-names.ts). */
export const exchangeMethodNames = [
  'exchangeStatus',
  'configureExchange',
  'connectExchange',
  'agencyDirectory',
  'allocateDocNumber',
  'sealPreview',
  'sealDocument',
  'dispatchDocument',
  'resendQueued',
  'recallSent',
  'listSent',
  'listIncoming',
  'incomingDocument',
  'signForIncoming',
  'returnIncoming',
] as const;

export type ExchangeMethodName = (typeof exchangeMethodNames)[number];
