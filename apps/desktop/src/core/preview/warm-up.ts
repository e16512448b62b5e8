/**
 * What the preview worker typesets once after sign-in, before anyone asks for a preview: the
 * fonts are read and the typesetter's code paths compiled (a first 10-page typesetting takes
 * ~1 s cold on the 2-core build machine, ~40 ms warm). Common characters in the three body
 * styles the typesetter uses most (title, headings, paragraphs), over about two pages.
 */
const paragraph =
  '为进一步做好有关工作，现将有关事项通知如下。各单位要高度重视，加强组织领导，明确责任分工，' +
  '结合本地区本部门实际制定具体措施，认真抓好落实，并于规定时间内将工作进展情况报送办公室。';

export const warmUpDocument = {
  kind: 'notice',
  issuers: [{ name: '人民政府办公厅', code: '11320100014170019X' }],
  title: '关于做好年度重点工作的通知',
  mainRecipients: ['各区人民政府', '市政府各部门'],
  body: [
    { type: 'heading', level: 1, text: '一、总体要求' },
    ...Array.from({ length: 4 }, () => ({ type: 'paragraph', text: paragraph })),
    { type: 'heading', level: 2, text: '（一）工作任务' },
    ...Array.from({ length: 4 }, () => ({ type: 'paragraph', text: paragraph })),
  ],
};

/** Typesettings of the sample: V8 compiles the hot loops after a few runs. */
export const warmUpRuns = 3;
