import type { ExchangeMethodName } from '../../api-contract';
import type { DesktopApi } from './table';
import { saveLink } from '../exchange/link';

/** The exchange part of the API table (登记、用印、分发、收文), spread into desktopApi. */
export const exchangeApi: Pick<DesktopApi, ExchangeMethodName> = {
  exchangeStatus: (core) => core.exchange.session.statusWithReachability(),
  configureExchange: (core, input) => {
    core.accounts.requireCurrent();
    saveLink(core.context, input);
    return core.exchange.session.status();
  },
  connectExchange: (core, input) => {
    core.accounts.requireCurrent();
    return core.exchange.session.connect(input.pin);
  },
  agencyDirectory: (core, input) => {
    core.accounts.requireCurrent();
    return core.exchange.dispatch.directory(input.query);
  },
  allocateDocNumber: (core, input) => {
    core.accounts.requireActor();
    return core.exchange.dispatch.allocate(input.year);
  },
  sealPreview: (core, input) => core.exchange.dispatch.preview(core.accounts.requireActor(), input.instanceId),
  sealDocument: (core, input) => core.exchange.dispatch.seal(core.accounts.requireActor(), input),
  dispatchDocument: (core, input) => core.exchange.dispatch.dispatch(core.accounts.requireActor(), input),
  resendQueued: (core) => {
    core.accounts.requireCurrent();
    return core.exchange.dispatch.resendQueued();
  },
  recallSent: (core, input) => {
    core.accounts.requireCurrent();
    return core.exchange.dispatch.recall(input.messageId, input.recipients, input.reason);
  },
  listSent: (core, input) => {
    core.accounts.requireCurrent();
    return core.exchange.dispatch.listSent(input.refresh);
  },
  listIncoming: (core, input) =>
    core.exchange.incoming.list(input.refresh, {
      actor: core.accounts.requireActor(),
      person: core.accounts.requireCurrent(),
    }),
  incomingDocument: (core, input) => {
    core.accounts.requireCurrent();
    return core.exchange.incoming.document(input.messageId);
  },
  signForIncoming: (core, input) =>
    core.exchange.incoming.signFor(
      core.accounts.requireActor(),
      core.accounts.requireCurrent(),
      input.messageId,
      input.pin,
    ),
  returnIncoming: (core, input) => {
    core.accounts.requireCurrent();
    return core.exchange.incoming.returnToSender(input.messageId, input.reason);
  },
};
