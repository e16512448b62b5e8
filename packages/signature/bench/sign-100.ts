/**
 * `pnpm bench` (packages/signature): sign 100 one-page PDFs with one key-store unlock and print
 * the median time per document, next to the stock @signpdf path (placeholder-plain + a new
 * P12Signer per document, as its signer signs only once) in the same run, and next to
 * node-forge's own RSA signing for the private-key operation alone.
 */
import { createHash, createPrivateKey, sign as nodeSign } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import forge from 'node-forge';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { SignPdf } from '@signpdf/signpdf';
import { P12Signer } from '@signpdf/signer-p12';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { createKeyStore, createRootCa, issueKey, openKeyStore, signOffPdf, unlockCa, verifyPdf } from '../src/index';

const documents = 100;
const pin = '246810';

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const ms = (value: number): string => `${value.toFixed(2)} ms`;

async function onePagePdf(i: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([595.28, 841.89]).drawText(`Document ${i}`, { x: 72, y: 760, size: 14, font });
  // A classic xref table: @signpdf/placeholder-plain cannot read xref streams.
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

const root = await createRootCa({
  subject: { commonName: '江宁市电子政务根证书', country: 'CN' },
  passphrase: 'bench-passphrase',
});
const ca = unlockCa(root, 'bench-passphrase');
const leader = await issueKey(ca, {
  profile: 'personal',
  subject: { commonName: '张伟', organization: '江宁市人民政府办公室', country: 'CN' },
});
const p12 = createKeyStore({ ...leader, pin });
const pdfs = await Promise.all(Array.from({ length: documents }, (_, i) => onePagePdf(i)));
const trust = { trustedRoots: [root.certificate] };

// --- ours: one unlock, N documents ---
let start = performance.now();
const keyStore = openKeyStore(p12, pin);
const unlockMs = performance.now() - start;
const ours: number[] = [];
const oursOut: Buffer[] = [];
start = performance.now();
for (const pdf of pdfs) {
  const t = performance.now();
  oursOut.push(await signOffPdf(pdf, { keyStore, opinion: '同意。' }));
  ours.push(performance.now() - t);
}
const oursTotal = performance.now() - start;

// --- peer: stock @signpdf path ---
const peer: number[] = [];
const peerOut: Buffer[] = [];
let peerError: string | undefined;
start = performance.now();
for (const pdf of pdfs) {
  const t = performance.now();
  try {
    const withPlaceholder = plainAddPlaceholder({
      pdfBuffer: pdf,
      reason: '同意。',
      contactInfo: '',
      name: '张伟',
      location: '',
    });
    peerOut.push(await new SignPdf().sign(withPlaceholder, new P12Signer(p12, { passphrase: pin })));
  } catch (error) {
    peerError = (error as Error).message;
    break;
  }
  peer.push(performance.now() - t);
}
const peerTotal = performance.now() - start;

// --- the private-key operation alone: Node crypto vs node-forge RSA ---
const digestInput = createHash('sha256').update('signed attributes').digest();
const pem = leader.signer.exportPkcs1ForKeyStore();
const nodeKey = createPrivateKey(pem);
const forgeKey = forge.pki.privateKeyFromPem(pem);
const nodeTimes: number[] = [];
const forgeTimes: number[] = [];
for (let i = 0; i < documents; i++) {
  let t = performance.now();
  nodeSign('sha256', digestInput, nodeKey);
  nodeTimes.push(performance.now() - t);
  const md = forge.md.sha256.create();
  md.update(digestInput.toString('binary'));
  t = performance.now();
  forgeKey.sign(md);
  forgeTimes.push(performance.now() - t);
}

const oursValid = (await verifyPdf(oursOut[0]!, trust)).signatures[0]?.verdict;
const peerReport = peerOut[0] ? await verifyPdf(peerOut[0], trust) : undefined;
const peerVerdict = peerReport?.signatures[0]
  ? `${peerReport.signatures[0].verdict} (${peerReport.signatures[0].findings.map((f) => f.code).join(', ') || 'no findings'})`
  : 'n/a';

console.log(`PDF signing, ${documents} one-page PDFs, RSA-2048/SHA-256, Chinese subject and issuer names`);
console.log(
  `  @oa/signature  unlock once ${ms(unlockMs)}; median ${ms(median(ours))}/document; total ${ms(oursTotal)}; first output: ${oursValid}`,
);
if (peer.length > 0) {
  console.log(
    `  @signpdf stock median ${ms(median(peer))}/document; total ${ms(peerTotal)} (${peer.length} documents); first output: ${peerVerdict}`,
  );
}
if (peerError) console.log(`  @signpdf stock stopped: ${peerError}`);
console.log(`  speed-up (median): ${peer.length ? (median(peer) / median(ours)).toFixed(1) : 'n/a'}×`);
console.log(
  `Private-key operation alone (median of ${documents}): Node crypto ${ms(median(nodeTimes))}, node-forge ${ms(median(forgeTimes))}`,
);
