import { describe, expect, it } from 'vitest';
import { checkForm, emptyForm, fieldOf, fromDocument, toDocument, type DraftForm } from './model';

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
