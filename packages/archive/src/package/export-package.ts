import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ArchiveCatalog } from '../catalog';
import type { EepDescription, EepItem } from '../eep/description';
import { buildEepXml, buildSignedObjectXml } from '../eep/eep-xml';
import { handlingRecordSchema } from '../record';
import type { PackageSigner, PdfSignatureVerifier } from '../trust';
import { eepFileName, packagedFilePath } from './layout';

export interface ExportRequest {
  catalog: ArchiveCatalog;
  archivalCodes: string[];
  outDir: string;
  /** 封装包创建单位. */
  createdBy: string;
  createdAt: string;
  actor: string;
  signer: PackageSigner;
  /** Summarises the PDFs' signatures into the package (optional, but expected for 真实性). */
  pdfVerifier?: PdfSignatureVerifier;
  /** Called after each item is packed (for a progress bar): items done so far and the total. */
  onItem?: (done: number, total: number) => void;
}

export interface ExportResult {
  dir: string;
  items: number;
  files: number;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Writes an export package (EEP) for some items: their files under files/, and eep.xml with the
 * metadata, hashes, handling records and signature summaries, signed by the archiving agency.
 * Records an `export` entry in each item's access log.
 */
export async function exportPackage(request: ExportRequest): Promise<ExportResult> {
  const { catalog } = request;
  mkdirSync(path.join(request.outDir, 'files'), { recursive: true });
  const items: EepItem[] = [];
  let fileCount = 0;
  for (const code of request.archivalCodes) {
    const item = catalog.get(code);
    const files = item.files.map((file) => {
      const relative = packagedFilePath(file.sha256, file.name);
      writeFileSync(path.join(request.outDir, relative), catalog.blobs.get(file.sha256));
      fileCount++;
      return { path: relative, ...file };
    });
    const recordFile = item.files.find((file) => file.role === 'record');
    const record = recordFile
      ? handlingRecordSchema.parse(JSON.parse(new TextDecoder().decode(catalog.blobs.get(recordFile.sha256))))
      : [];
    const signatures: EepItem['signatures'] = [];
    if (request.pdfVerifier) {
      for (const file of item.files.filter((f) => f.mediaType === 'application/pdf')) {
        for (const report of await request.pdfVerifier.verifyPdf(catalog.blobs.get(file.sha256))) {
          signatures.push({
            file: file.name,
            signer: report.signer,
            kind: report.kind,
            status: report.status,
            ...(report.signedAt ? { signedAt: report.signedAt } : {}),
          });
        }
      }
    }
    items.push({ archivalCode: item.archivalCode, metadata: item.metadata, files, record, signatures });
    request.onItem?.(items.length, request.archivalCodes.length);
  }
  const description: EepDescription = {
    packageType: '原始型',
    createdAt: request.createdAt,
    createdBy: request.createdBy,
    items,
  };
  const signedObject = buildSignedObjectXml(description);
  const signature = await request.signer.signDetached(new TextEncoder().encode(signedObject));
  const signatureBlock = [
    '<电子签名块>',
    '  <电子签名>',
    '    <签名标识符>1</签名标识符>',
    '    <签名规则>CMS detached (RFC 5652) over the UTF-8 bytes of the 被签名对象 element</签名规则>',
    `    <签名时间>${escapeXml(request.createdAt)}</签名时间>`,
    `    <签名人>${escapeXml(signature.signerName)}</签名人>`,
    `    <签名结果>${Buffer.from(signature.cms).toString('base64')}</签名结果>`,
    '    <证书块>',
    ...signature.certificates.map((der) => `      <证书>${Buffer.from(der).toString('base64')}</证书>`),
    '    </证书块>',
    '    <签名算法标识>1.2.840.113549.1.1.11</签名算法标识>',
    '  </电子签名>',
    '</电子签名块>',
  ].join('\n');
  writeFileSync(path.join(request.outDir, eepFileName), buildEepXml(signedObject, signatureBlock));
  for (const code of request.archivalCodes) {
    catalog.logAccess(code, { actor: request.actor, action: 'export', purpose: request.outDir, at: request.createdAt });
  }
  return { dir: request.outDir, items: items.length, files: fileCount };
}
