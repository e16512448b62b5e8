import { parentPort } from 'node:worker_threads';
import { validateDocument } from '@oa/shared';
import { Certificate } from '@oa/signature';
import { loadFonts, typeset, type FontSet } from '@oa/typeset';
import { verifyIncoming, type IncomingCheck } from '../exchange/verify-incoming';
import { warmUpDocument, warmUpRuns } from './warm-up';

/**
 * The core's CPU worker thread: documents in, GB/T 9704 PDFs out (typesetting), and arrivals
 * verified (PDF seal + envelope), so neither blocks the API calls the main thread answers. Fonts are loaded once and kept (the typesetter
 * also caches its HarfBuzz working sets per process, i.e. per worker).
 */
let fonts: Promise<FontSet> | undefined;

interface Request {
  id: number;
  document: unknown;
}

interface VerifyRequest {
  id: number;
  verify: Omit<IncomingCheck, 'trustedRoots'> & { trustedRootsPem: string[] };
}

interface WarmRequest {
  id: number;
  warm: true;
}

parentPort?.on('message', (request: Request | VerifyRequest | WarmRequest) => {
  const work = 'verify' in request ? verifyAnswer(request) : 'warm' in request ? warmUp(request) : answer(request);
  void work.then((reply) => parentPort?.postMessage(reply));
});

/** Loads the fonts and typesets the warm-up sample a few times (answers even when that fails, then without a PDF). */
async function warmUp({ id }: WarmRequest) {
  const started = performance.now();
  let pdf = '';
  for (let run = 0; run < warmUpRuns; run += 1) {
    const reply = await answer({ id, document: warmUpDocument });
    if (!reply.ok) break;
    pdf = reply.pdf;
  }
  return { id, ok: true as const, warmed: true as const, pdf, millis: performance.now() - started };
}

async function verifyAnswer({ id, verify }: VerifyRequest) {
  try {
    const { trustedRootsPem, ...rest } = verify;
    const trustedRoots = trustedRootsPem.map((pem) => Certificate.fromPem(pem));
    const { view } = await verifyIncoming({ ...rest, pdf: new Uint8Array(rest.pdf), trustedRoots });
    return { id, ok: true as const, verification: view };
  } catch {
    return { id, ok: false as const, code: 'VERIFY_FAILED', details: {} };
  }
}

async function answer({ id, document }: Request) {
  try {
    const result = validateDocument(document, { stage: 'draft' });
    if (!result.ok || result.document === undefined) {
      const errors = result.violations.filter((v) => v.severity === 'error');
      const violations = errors.map((v) => `${v.path}: ${v.message.zh}`).join('；');
      return { id, ok: false as const, code: 'DOC_INVALID', details: { items: errors, violations } };
    }
    fonts ??= loadFonts();
    const started = performance.now();
    const output = await typeset(result.document, await fonts);
    const pdf = Buffer.from(output.pdf).toString('base64');
    return {
      id,
      ok: true as const,
      pdf,
      pageCount: output.pageCount,
      sealPositions: output.sealPositions,
      millis: performance.now() - started,
    };
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'PREVIEW_FAILED';
    if (code.startsWith('FONT_')) fonts = undefined; // a font installed meanwhile is found next time
    const text = typeof error === 'object' && error !== null && 'text' in error ? error.text : undefined;
    return { id, ok: false as const, code, details: { text } };
  }
}
