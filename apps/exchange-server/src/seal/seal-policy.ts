import type { OaError } from '@oa/shared';
import { hubError } from '../errors';
import type { SealRecord } from '../storage/store';
import type { SignerCheck } from './verifier';

/**
 * Whether a signer is an agency's own registered seal: trusted by the deployment's roots,
 * within its validity, not revoked (by CRL or in the hub's registry), and registered to that
 * agency. Returns the refusal, or undefined when the seal is acceptable.
 */
export function sealRefusal(
  signer: SignerCheck,
  agencyCode: string,
  registered: readonly SealRecord[],
  what: { zh: string; en: string },
): OaError | undefined {
  const subject = signer.subject;
  if (signer.trust === 'revoked') {
    return hubError(
      'SEAL_REVOKED',
      {
        zh: `${what.zh}所用印章证书已被吊销（${subject}）。`,
        en: `The seal certificate of the ${what.en} was revoked (${subject}).`,
      },
      { fingerprint: signer.fingerprint },
    );
  }
  if (signer.trust !== 'trusted') {
    return hubError(
      'CERTIFICATE_UNTRUSTED',
      {
        zh: `${what.zh}所用证书不受信任（${subject}：${signer.problem ?? signer.trust}）。`,
        en: `The certificate of the ${what.en} is not trusted (${subject}: ${signer.problem ?? signer.trust}).`,
      },
      { fingerprint: signer.fingerprint, trust: signer.trust },
    );
  }
  const seal = registered.find((s) => s.fingerprint === signer.fingerprint);
  if (!seal) {
    return hubError(
      'SEAL_NOT_REGISTERED',
      {
        zh: `${what.zh}所用印章（${subject}）不是单位 ${agencyCode} 登记的印章。`,
        en: `The seal of the ${what.en} (${subject}) is not one registered to agency ${agencyCode}.`,
      },
      { fingerprint: signer.fingerprint, agency: agencyCode },
    );
  }
  if (seal.status === 'revoked') {
    return hubError(
      'SEAL_REVOKED',
      {
        zh: `${what.zh}所用印章已于 ${seal.revokedAt ?? ''} 在交换中心注销。`,
        en: `The seal of the ${what.en} was revoked at the hub on ${seal.revokedAt ?? ''}.`,
      },
      { fingerprint: seal.fingerprint },
    );
  }
  return undefined;
}
