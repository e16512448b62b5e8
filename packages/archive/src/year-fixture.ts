import {
  createKeyStore,
  createRootCa,
  issueCrl,
  issueKey,
  openKeyStore,
  sealPdf,
  unlockCa,
  type KeyStore,
  type ParsedCrl,
  type RootCa,
  type SealRecord,
  parseCrl,
} from '@oa/signature';
import { registerDemoSeal } from '@oa/signature/testing';
import { archiveWithStamp } from './stamp/archive-stamped';
import type { ArchiveCatalog, ArchivedItem } from './catalog';
import { archiveRequest } from './test-support';

/**
 * A year of an agency's finished documents for tests and benchmarks: each one sealed with the
 * agency's registered seal, then archived with its 归档章, over several units and retention
 * periods. Real keys, real signatures.
 */
export const agency = { name: '南京市人民政府办公厅', code: '11320100014170019X' };
export const units = ['BGS', 'CWC', 'RSC', 'ZCFGC'] as const;
export const retentions = ['Y', 'D30', 'D10'] as const;

export interface YearPki {
  root: RootCa;
  seal: KeyStore;
  record: SealRecord;
  archivist: KeyStore;
  /** A second seal whose certificate is revoked by `crl`. */
  revokedSeal: KeyStore;
  revokedRecord: SealRecord;
  crl: ParsedCrl;
}

const pin = '123456';

export async function createYearPki(): Promise<YearPki> {
  const root = await createRootCa({
    subject: { commonName: '南京市电子政务根证书', organization: '南京市人民政府', country: 'CN' },
    passphrase: 'root-passphrase',
  });
  const ca = unlockCa(root, 'root-passphrase');
  const sealSubject = (name: string) => ({
    commonName: name,
    organization: agency.name,
    organizationIdentifier: agency.code,
    country: 'CN',
  });
  const store = async (subject: ReturnType<typeof sealSubject>) => {
    const key = await issueKey(ca, { profile: 'seal', subject });
    return { key, store: openKeyStore(createKeyStore({ ...key, pin }), pin) };
  };
  const seal = await store(sealSubject(`${agency.name}公章`));
  const old = await store(sealSubject(`${agency.name}公章（旧）`));
  const archivist = await store(sealSubject(`${agency.name}档案专用章`));
  const now = new Date();
  const record = await registerDemoSeal(ca, seal.key.certificate, agency, { days: 300 });
  const revokedRecord = await registerDemoSeal(ca, old.key.certificate, agency, { id: `${agency.code}-0`, days: 300 });
  const crl = parseCrl(
    await issueCrl(ca, {
      crlNumber: 1n,
      revoked: [
        {
          serial: BigInt(`0x${old.key.certificate.serialHex}`),
          revokedAt: new Date(now.getTime() - 60_000),
          reason: 'keyCompromise',
        },
      ],
    }),
  );
  return { root, seal: seal.store, record, archivist: archivist.store, revokedSeal: old.store, revokedRecord, crl };
}

/** Item i of the year: its unit and retention cycle so every group gets items. */
export function yearSlot(i: number): { unit: string; retention: (typeof retentions)[number] } {
  return { unit: units[i % units.length]!, retention: retentions[Math.floor(i / units.length) % retentions.length]! };
}

/** Seals a one-page document with the agency seal and archives it with its 归档章. */
export async function archiveSealedDocument(
  catalog: ArchiveCatalog,
  pki: YearPki,
  i: number,
  options: { revoked?: boolean } = {},
): Promise<ArchivedItem> {
  const { unit, retention } = yearSlot(i);
  const request = await archiveRequest(
    { title: `关于第${i + 1}项工作的通知`, unit, retention, docNumber: `宁政办发〔2026〕${i + 1}号` },
    { pages: 1 },
  );
  const document = request.files[0]!;
  document.bytes = await sealPdf(document.bytes, {
    keyStore: options.revoked ? pki.revokedSeal : pki.seal,
    record: options.revoked ? pki.revokedRecord : pki.record,
    placement: { kind: 'rect', page: 0, x: 340, y: 420, width: 119, height: 119 },
  });
  return archiveWithStamp(catalog, request, { keyStore: pki.archivist });
}
