import { randomUUID } from 'node:crypto';
import { canonicalJson, envelopeSchema, type Envelope, type EnvelopeInput, type Receipt } from '@oa/shared';
import { signBytes, type KeyStore } from '@oa/signature';
import { sha256Hex } from '../audit/chain';
import type { SendParts } from '../exchange/frames';
import type { SendRequest } from './hub-client';

/**
 * Client-side composition for agency systems: the envelope naming the PDF and attachments by
 * hash, signed with the agency's seal key; and the receipt (签收回执) signed the same way.
 */
export interface OutgoingAttachment {
  name: string;
  mediaType: string;
  data: Uint8Array;
}

export type EnvelopeFields = Omit<EnvelopeInput, 'version' | 'document' | 'attachments' | 'createdAt' | 'messageId'> & {
  messageId?: string;
  createdAt?: string;
};

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

export async function signDetached(keyStore: KeyStore, data: Uint8Array): Promise<Uint8Array> {
  return signBytes(data, { signer: keyStore.signer, certificate: keyStore.certificate, chain: keyStore.chain });
}

/**
 * Builds and signs a send: as the JSON request and as binary parts (`HubClient.sendBinary`);
 * the envelope is validated before anything is signed.
 */
export async function composeSend(
  keyStore: KeyStore,
  fields: EnvelopeFields,
  pdf: Uint8Array,
  attachments: readonly OutgoingAttachment[] = [],
): Promise<{ envelope: Envelope; request: SendRequest; parts: SendParts }> {
  const envelope = envelopeSchema.parse({
    ...fields,
    version: 1,
    messageId: fields.messageId ?? randomUUID(),
    createdAt: fields.createdAt ?? new Date().toISOString(),
    document: { sha256: sha256Hex(pdf), size: pdf.byteLength },
    attachments: attachments.map((a) => ({
      name: a.name,
      mediaType: a.mediaType,
      sha256: sha256Hex(a.data),
      size: a.data.byteLength,
    })),
  });
  const text = canonicalJson(envelope);
  const signature = await signDetached(keyStore, new TextEncoder().encode(text));
  return {
    envelope,
    request: {
      envelope: text,
      signature: b64(signature),
      document: b64(pdf),
      attachments: attachments.map((a) => b64(a.data)),
    },
    parts: { envelope: text, signature, document: pdf, attachments: attachments.map((a) => a.data) },
  };
}

/** The receipt over the document's hash and the time, signed by the receiving agency's seal. */
export async function composeReceipt(
  keyStore: KeyStore,
  input: { messageId: string; recipient: string; documentSha256: string; signedAt?: Date },
): Promise<{ receipt: string; signature: string }> {
  const receipt: Receipt = {
    version: 1,
    messageId: input.messageId,
    recipient: input.recipient,
    documentSha256: input.documentSha256,
    signedAt: (input.signedAt ?? new Date()).toISOString(),
  };
  const text = canonicalJson(receipt);
  return { receipt: text, signature: b64(await signDetached(keyStore, new TextEncoder().encode(text))) };
}
