import type { LocalizedText } from '@oa/shared';

export type Verdict = 'valid' | 'invalid' | 'indeterminate';
export type Severity = 'invalid' | 'indeterminate' | 'warning' | 'info';

/** Stable codes of what a verifier found, with the verdict each one forces. */
export const findingCatalog = {
  NO_SIGNATURES: { severity: 'indeterminate', zh: '文件中没有数字签名', en: 'the file has no digital signatures' },
  CMS_INVALID: { severity: 'invalid', zh: '签名数据（CMS）无法解析', en: 'the signature data (CMS) cannot be parsed' },
  SIGNER_CERT_MISSING: {
    severity: 'invalid',
    zh: '签名中没有签名者证书',
    en: 'the signer certificate is not in the signature',
  },
  DIGEST_MISMATCH: {
    severity: 'invalid',
    zh: '摘要不符：签名后内容被改动',
    en: 'digest mismatch: the signed content was changed',
  },
  SIGNATURE_ALGORITHM_UNSUPPORTED: {
    severity: 'indeterminate',
    zh: '不支持的签名或摘要算法（如 SM2 尚未支持）',
    en: 'unsupported signature or digest algorithm (e.g. SM2 is not supported yet)',
  },
  SIGNATURE_VALUE_INVALID: { severity: 'invalid', zh: '签名值验证失败', en: 'the signature value does not verify' },
  SIGNING_CERT_MISMATCH: {
    severity: 'invalid',
    zh: '签名证书属性（signing-certificate-v2）与签名者证书不符',
    en: 'the signing-certificate-v2 attribute does not match the signer certificate',
  },
  SIGNING_CERT_ATTRIBUTE_MISSING: {
    severity: 'warning',
    zh: '缺少 signing-certificate-v2 属性（不符合 PAdES 基线）',
    en: 'no signing-certificate-v2 attribute (not PAdES baseline)',
  },
  CHAIN_UNTRUSTED: {
    severity: 'indeterminate',
    zh: '证书链不能追溯到受信任的根证书',
    en: 'the certificate chain does not lead to a trusted root',
  },
  CHAIN_BROKEN: {
    severity: 'invalid',
    zh: '证书链上的签名无效',
    en: 'a signature in the certificate chain is invalid',
  },
  CERT_REVOKED: {
    severity: 'invalid',
    zh: '签名时证书已被吊销',
    en: 'the certificate was revoked before the signing time',
  },
  CERT_REVOKED_LATER: {
    severity: 'warning',
    zh: '证书在签名之后被吊销',
    en: 'the certificate was revoked after the signing time',
  },
  REVOCATION_UNKNOWN: {
    severity: 'warning',
    zh: '未能检查吊销状态（没有对应的 CRL）',
    en: 'revocation not checked (no matching CRL)',
  },
  CERT_NOT_VALID_AT_SIGNING_TIME: {
    severity: 'indeterminate',
    zh: '签名时间不在证书有效期内',
    en: 'the signing time is outside the certificate validity period',
  },
  BYTE_RANGE_INVALID: {
    severity: 'invalid',
    zh: '签名覆盖范围（ByteRange）不合法',
    en: 'the signed byte range is malformed',
  },
  SUBFILTER_UNSUPPORTED: {
    severity: 'indeterminate',
    zh: '不支持的签名格式（SubFilter）',
    en: 'unsupported signature format (SubFilter)',
  },
  NOT_WHOLE_DOCUMENT: {
    severity: 'info',
    zh: '签名之后文件有增量更新',
    en: 'the file has incremental updates after this signature',
  },
  CONTENT_CHANGED_AFTER_SIGNING: {
    severity: 'invalid',
    zh: '签名之后的增量更新改动了页面内容',
    en: 'an incremental update after signing changed page content',
  },
  SEAL_RECORD_INVALID: {
    severity: 'invalid',
    zh: '印章数据无效或未经受信任的制章者签发',
    en: 'the seal record is invalid or not issued by a trusted maker',
  },
  SEAL_MAKER_UNTRUSTED: {
    severity: 'indeterminate',
    zh: '印章的制章者（CA）不受信任',
    en: 'the seal maker (CA) is not trusted',
  },
  SEAL_CERT_MISMATCH: {
    severity: 'invalid',
    zh: '印章绑定的证书与签名证书不符',
    en: 'the seal is bound to a different certificate than the signer',
  },
  SEAL_NOT_VALID_AT_SIGNING_TIME: {
    severity: 'invalid',
    zh: '签章时印章不在有效期内',
    en: 'the seal was not valid at the signing time',
  },
  SEAL_IMAGE_MISMATCH: {
    severity: 'invalid',
    zh: '页面上的印章图像与登记的印章不一致',
    en: 'the visible stamp differs from the registered seal image',
  },
  SEAL_NOT_VISIBLE: {
    severity: 'invalid',
    zh: '印章签名没有可见的印章外观',
    en: 'the seal signature has no visible stamp',
  },
} as const satisfies Record<string, { severity: Severity; zh: string; en: string }>;

export type FindingCode = keyof typeof findingCatalog;

export interface Finding {
  code: FindingCode;
  severity: Severity;
  message: LocalizedText;
  /** Extra facts (e.g. revocation time), for people and programs. */
  detail?: string;
}

export function finding(code: FindingCode, detail?: string): Finding {
  const entry = findingCatalog[code];
  const suffix = detail ? `（${detail}）` : '';
  const suffixEn = detail ? ` (${detail})` : '';
  return {
    code,
    severity: entry.severity,
    message: { zh: `${entry.zh}${suffix}`, en: `${entry.en}${suffixEn}` },
    ...(detail ? { detail } : {}),
  };
}

/** invalid beats indeterminate beats valid. */
export function verdictOf(findings: readonly Finding[]): Verdict {
  if (findings.some((f) => f.severity === 'invalid')) return 'invalid';
  if (findings.some((f) => f.severity === 'indeterminate')) return 'indeterminate';
  return 'valid';
}

export function worstVerdict(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.includes('invalid')) return 'invalid';
  if (verdicts.includes('indeterminate')) return 'indeterminate';
  return 'valid';
}
