import { z } from 'zod';
import { checkUscc } from '@oa/shared';
import {
  children,
  readOid,
  readString,
  sequence,
  setOf,
  oid,
  printableString,
  utf8String,
  type Element,
} from '../asn1/der';
import { OID } from '../asn1/oids';

/**
 * A distinguished name as this deployment uses it. Chinese values are encoded as UTF8String
 * (RFC 5280); the country as PrintableString.
 */
export const distinguishedNameSchema = z.object({
  commonName: z.string().min(1).max(64),
  organization: z.string().min(1).max(64).optional(),
  organizationalUnit: z.string().min(1).max(64).optional(),
  /** 统一社会信用代码 of the agency (X.520 organizationIdentifier). */
  organizationIdentifier: z
    .string()
    .refine((code) => checkUscc(code).length === 0, { message: 'not a valid 统一社会信用代码 (GB 32100)' })
    .optional(),
  title: z.string().min(1).max(64).optional(),
  /** X.520 serialNumber is a PrintableString (e.g. an employee number). */
  serialNumber: z
    .string()
    .regex(/^[A-Za-z0-9 '()+,\-./:=?]{1,64}$/, 'serialNumber: letters, digits and PrintableString punctuation only')
    .optional(),
  locality: z.string().min(1).max(128).optional(),
  province: z.string().min(1).max(128).optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
});
export type DistinguishedName = z.infer<typeof distinguishedNameSchema>;

/** Order of attributes in the encoded name (most general first), with their OIDs. */
const attributeTable: ReadonlyArray<readonly [keyof DistinguishedName, string, string]> = [
  ['country', OID.countryName, 'C'],
  ['province', OID.stateOrProvinceName, 'ST'],
  ['locality', OID.localityName, 'L'],
  ['organization', OID.organizationName, 'O'],
  ['organizationIdentifier', OID.organizationIdentifier, 'organizationIdentifier'],
  ['organizationalUnit', OID.organizationalUnitName, 'OU'],
  ['title', OID.title, 'title'],
  ['serialNumber', OID.serialNumber, 'serialNumber'],
  ['commonName', OID.commonName, 'CN'],
];

export function encodeName(name: DistinguishedName): Buffer {
  const rdns: Buffer[] = [];
  for (const [key, attributeOid] of attributeTable) {
    const value = name[key];
    if (value === undefined) continue;
    const encoded = key === 'country' || key === 'serialNumber' ? printableString(value) : utf8String(value);
    rdns.push(setOf(sequence(oid(attributeOid), encoded)));
  }
  return sequence(...rdns);
}

export function decodeName(element: Element): DistinguishedName {
  const name: Record<string, string> = {};
  for (const rdn of children(element)) {
    for (const attribute of children(rdn)) {
      const [typeElement, valueElement] = children(attribute);
      if (!typeElement || !valueElement) continue;
      const type = readOid(typeElement);
      const entry = attributeTable.find(([, attributeOid]) => attributeOid === type);
      if (entry) name[entry[0]] = readString(valueElement);
    }
  }
  return name as DistinguishedName;
}

/** One line for people, e.g. `CN=某市人民政府办公室, O=某市人民政府, C=CN`. */
export function formatName(name: DistinguishedName): string {
  return [...attributeTable]
    .reverse()
    .filter(([key]) => name[key] !== undefined)
    .map(([key, , short]) => `${short}=${name[key]}`)
    .join(', ');
}
