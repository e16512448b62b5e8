import { checkUscc, type UsccProblem } from '../agency/uscc';
import { violation, type Violation } from './catalog';
import type { RuleContext } from './context';

export function usccViolations(value: string, path: string): Violation[] {
  return checkUscc(value).map((problem: UsccProblem) => {
    switch (problem.kind) {
      case 'length':
        return violation('USCC_LENGTH', path, { value, length: problem.length });
      case 'character':
        return violation('USCC_CHARACTER', path, { value, position: problem.index + 1, character: problem.character });
      case 'division':
        return violation('USCC_DIVISION', path, { value });
      case 'org-code-check':
        return violation('USCC_ORG_CODE_CHECK', path, { value, expected: problem.expected, actual: problem.actual });
      case 'check':
        return violation('USCC_CHECK', path, { value, expected: problem.expected, actual: problem.actual });
    }
  });
}

/** Issuers' and recipients' codes; joint documents (联合行文) need every issuer's seal, name and signer. */
export function checkAgencyRules({ doc, direction }: RuleContext): Violation[] {
  const out: Violation[] = [];
  const seen = new Set<string>();
  doc.issuers.forEach((issuer, index) => {
    out.push(...usccViolations(issuer.code, `issuers[${index}].code`));
    const key = issuer.code || issuer.name;
    if (seen.has(key) || seen.has(issuer.name))
      out.push(violation('ISSUER_DUPLICATE', `issuers[${index}]`, { name: issuer.name }));
    seen.add(key);
    seen.add(issuer.name);
  });
  for (const field of ['mainRecipients', 'cc'] as const) {
    doc[field].forEach((recipient, index) => {
      if (typeof recipient !== 'string' && recipient.code !== undefined) {
        out.push(...usccViolations(recipient.code, `${field}[${index}].code`));
      }
    });
  }
  if (doc.issuers.length > 1) {
    if (doc.signature.sealed) {
      doc.issuers.forEach((issuer, index) => {
        if (issuer.sealed === false)
          out.push(violation('JOINT_SEAL_MISSING', `issuers[${index}].sealed`, { name: issuer.name }));
      });
    }
    const names = doc.signature.names;
    if (names) {
      for (const issuer of doc.issuers) {
        if (!names.includes(issuer.name))
          out.push(violation('JOINT_SIGNATURE_MISSING', 'signature.names', { name: issuer.name }));
      }
    }
    const signers = doc.signers ?? [];
    if (direction === 'up' && signers.length > 0 && signers.length < doc.issuers.length) {
      out.push(violation('JOINT_SIGNER_MISSING', 'signers', { issuers: doc.issuers.length, signers: signers.length }));
    }
  }
  return out;
}
