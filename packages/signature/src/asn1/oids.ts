/** Object identifiers used by the PKI, CMS and seal-record code (one table, no scattered literals). */
export const OID = {
  // algorithms
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha1: '1.3.14.3.2.26',
  // names (X.520)
  commonName: '2.5.4.3',
  countryName: '2.5.4.6',
  localityName: '2.5.4.7',
  stateOrProvinceName: '2.5.4.8',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',
  title: '2.5.4.12',
  serialNumber: '2.5.4.5',
  /** X.520 organizationIdentifier: carries the agency's 统一社会信用代码. */
  organizationIdentifier: '2.5.4.97',
  // certificate extensions
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  cRLNumber: '2.5.29.20',
  cRLReason: '2.5.29.21',
  cRLDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  // CMS
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  /**
   * This project's private arc (a UUID-derived OID under 2.25, ITU-T X.667: unique without
   * registration) for the attributes a 公文 signature carries beyond CAdES.
   */
  oaArc: '2.25.190816730232367366744655306413417931520',
  /** Signed attribute: the DER seal record (SES_Seal-like) of a visible agency seal. */
  sealRecordAttribute: '2.25.190816730232367366744655306413417931520.1',
  /** Signed attribute: a leader's sign-off (签发) opinion, UTF8String. */
  signOffOpinionAttribute: '2.25.190816730232367366744655306413417931520.2',
  /** Signed attribute: the role of the signature (sign-off / seal / receipt / envelope). */
  signatureRoleAttribute: '2.25.190816730232367366744655306413417931520.3',
  /** Seal record extension: agency name, 统一社会信用代码, seal kind. */
  sealAgencyExtension: '2.25.190816730232367366744655306413417931520.10',
} as const;
