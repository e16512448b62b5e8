import { describe, expect, it } from 'vitest';
import { checkForm, emptyForm, fieldOf, fromDocument, toDocument, typesetAlike, type DraftForm } from './model';

const filled: DraftForm = {
  ...emptyForm,
  issuerName: '南京市人民政府办公厅',
  issuerCode: '11320100014170019X',
  title: '南京市人民政府办公厅关于做好2026年冬季安全生产工作的通知',
  mainRecipients: '各区人民政府、市政府各部门',
  body: [{ type: 'paragraph', text: '为切实做好今冬明春安全生产工作，现就有关事项通知如下。' }],
};

describe('drafting form ↔ document', () => {
  it('shows the shared validators’ messages at the field they concern', () => {
    const issues = checkForm({
      ...filled,
      docNumber: '宁政办发[2026]012号',
      copyNumber: '12',
      issuerCode: '11320100014170019Y',
    });
    const at = (field: string) => issues.filter((issue) => issue.field === field).map((i) => i.message.zh);
    expect(at('docNumber').join()).toContain('六角括号');
    expect(at('docNumber').join()).toContain('宁政办发〔2026〕12号');
    expect(at('copyNumber').join()).toContain('6位');
    expect(at('issuerCode').join()).toContain('校验码');
    expect(checkForm({ ...filled, docNumber: '宁政办发〔2026〕12号' }).filter((i) => i.severity === 'error')).toEqual(
      [],
    );
  });

  it('places body issues at their block', () => {
    expect(fieldOf('body[2].text')).toEqual({ field: 'body', block: 2 });
    expect(fieldOf('classification.period')).toEqual({ field: 'period' });
    expect(fieldOf('mainRecipients[0]')).toEqual({ field: 'mainRecipients' });
  });

  it('keeps what was typed through a save and reload (lists split on 、)', () => {
    const form = {
      ...filled,
      cc: '市委办公厅、市人大常委会办公厅',
      attachments: '检查表\n责任清单',
      urgency: 'urgent' as const,
    };
    const document = toDocument(form);
    expect(document.mainRecipients).toEqual(['各区人民政府', '市政府各部门']);
    expect(document.attachments).toEqual([{ title: '检查表' }, { title: '责任清单' }]);
    expect(document).not.toHaveProperty('docNumber');
    expect(fromDocument(document)).toEqual(form);
  });
});

describe('typesetAlike (whether the saved copy’s preview shows what the form shows)', () => {
  const saved = {
    id: 'draft-1',
    ...toDocument(filled),
    kind: '通知',
    signature: { sealed: true },
    pageNumbers: 'standard',
  };

  it('holds for the saved JSON and the form made from it (aliases, defaults, key order and the local id aside)', () => {
    expect(typesetAlike(saved, toDocument(fromDocument(saved)))).toBe(true);
  });

  it('fails once anything printed differs', () => {
    expect(typesetAlike(saved, toDocument({ ...fromDocument(saved), title: `${filled.title}（修订）` }))).toBe(false);
    const body = [...filled.body, { type: 'paragraph' as const, text: '特此通知。' }];
    expect(typesetAlike(saved, toDocument({ ...fromDocument(saved), body }))).toBe(false);
  });

  it('fails for JSON that is not a document', () => {
    expect(typesetAlike('not a document', toDocument(filled))).toBe(false);
  });
});
