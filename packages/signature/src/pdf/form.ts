import { PDFArray, PDFDict, PDFHexString, PDFName, PDFRef, PDFString, type PDFDocument, type PDFObject } from 'pdf-lib';

/** A signature field found in a PDF's AcroForm. */
export interface SignatureField {
  name: string;
  field: PDFDict;
  fieldRef: PDFRef | undefined;
  /** The widget annotation (the field itself when merged). */
  widget: PDFDict;
  widgetRef: PDFRef | undefined;
  /** The signature dictionary (/V), when signed. */
  value: PDFDict | undefined;
  valueRef: PDFRef | undefined;
}

export function textOf(object: PDFObject | undefined): string | undefined {
  if (object instanceof PDFHexString || object instanceof PDFString) return object.decodeText();
  if (object instanceof PDFName) return object.decodeText();
  return undefined;
}

/** Every signature field (FT /Sig) in the AcroForm, depth first, with full names. */
export function signatureFields(doc: PDFDocument): SignatureField[] {
  const context = doc.context;
  const acroForm = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  const fields = acroForm?.lookupMaybe(PDFName.of('Fields'), PDFArray);
  const out: SignatureField[] = [];
  const visit = (entry: PDFObject, prefix: string, inheritedType: PDFObject | undefined, depth: number): void => {
    if (depth > 16) return;
    const ref = entry instanceof PDFRef ? entry : undefined;
    const dict = context.lookup(entry);
    if (!(dict instanceof PDFDict)) return;
    const partial = textOf(dict.get(PDFName.of('T')));
    const name = partial === undefined ? prefix : prefix ? `${prefix}.${partial}` : partial;
    const type = dict.get(PDFName.of('FT')) ?? inheritedType;
    const kids = dict.lookupMaybe(PDFName.of('Kids'), PDFArray);
    const kidFields = kids?.asArray().filter((kid) => {
      const kidDict = context.lookup(kid);
      return kidDict instanceof PDFDict && kidDict.get(PDFName.of('T')) !== undefined;
    });
    if (kids && kidFields && kidFields.length > 0) {
      for (const kid of kidFields) visit(kid, name, type, depth + 1);
      return;
    }
    if (type !== PDFName.of('Sig')) return;
    const widgetEntry = kids?.get(0);
    const widget = widgetEntry ? context.lookup(widgetEntry) : dict;
    const valueEntry = dict.get(PDFName.of('V'));
    const value = valueEntry ? context.lookup(valueEntry) : undefined;
    out.push({
      name,
      field: dict,
      fieldRef: ref,
      widget: widget instanceof PDFDict ? widget : dict,
      widgetRef: widgetEntry instanceof PDFRef ? widgetEntry : widgetEntry ? undefined : ref,
      value: value instanceof PDFDict ? value : undefined,
      valueRef: valueEntry instanceof PDFRef ? valueEntry : undefined,
    });
  };
  for (const entry of fields?.asArray() ?? []) visit(entry, '', undefined, 0);
  return out;
}

/** The 0-based index of the page a widget sits on (by /P, else by searching page /Annots). */
export function widgetPageIndex(doc: PDFDocument, widget: PDFDict, widgetRef: PDFRef | undefined): number | undefined {
  const pages = doc.getPages();
  const pageRef = widget.get(PDFName.of('P'));
  if (pageRef instanceof PDFRef) {
    const index = pages.findIndex((p) => p.ref === pageRef);
    if (index >= 0) return index;
  }
  if (!widgetRef) return undefined;
  const index = pages.findIndex((p) =>
    p.node
      .lookupMaybe(PDFName.of('Annots'), PDFArray)
      ?.asArray()
      .some((a) => a === widgetRef),
  );
  return index >= 0 ? index : undefined;
}

export function rectOf(widget: PDFDict): [number, number, number, number] | undefined {
  const rect = widget.lookupMaybe(PDFName.of('Rect'), PDFArray);
  if (!rect || rect.size() !== 4) return undefined;
  const n = rect.asArray().map((v) => Number(String(v)));
  if (n.some((v) => !Number.isFinite(v))) return undefined;
  return [Math.min(n[0]!, n[2]!), Math.min(n[1]!, n[3]!), Math.max(n[0]!, n[2]!), Math.max(n[1]!, n[3]!)];
}
