import { checkProperties, propertyNames, type CheckReport, type CheckStatus } from './report';

const statusText: Record<CheckStatus, string> = { passed: '通过', failed: '未通过', skipped: '未检测' };

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A self-contained HTML page of a 四性检测 report, for people (and for printing to PDF). */
export function renderReportHtml(report: CheckReport): string {
  const summaryRows = checkProperties
    .map((p) => {
      const s = report.summary[p];
      return `<tr><th>${propertyNames[p].zh}</th><td>${s.passed}</td><td class="${s.failed ? 'failed' : ''}">${s.failed}</td><td>${s.skipped}</td></tr>`;
    })
    .join('\n');
  const rows = report.results
    .map(
      (r) =>
        `<tr class="${r.status}"><td>${propertyNames[r.property].zh}</td><td><code>${escapeHtml(r.check)}</code></td><td>${escapeHtml(r.target)}</td><td>${statusText[r.status]}</td><td>${escapeHtml(r.reason.zh)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>四性检测报告 — ${escapeHtml(report.subject)}</title>
<style>
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.4em; } table { border-collapse: collapse; width: 100%; margin-bottom: 1.5em; }
th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; font-size: 0.9em; vertical-align: top; }
tr.failed td, td.failed { background: #fde8e8; color: #a00; } tr.skipped td { color: #777; }
.verdict { font-size: 1.2em; font-weight: bold; } .ok { color: #060; } .bad { color: #a00; }
</style>
</head>
<body>
<h1>电子档案四性检测报告（DA/T 70）</h1>
<p>检测对象：${escapeHtml(report.subject)}<br>检测时间：${escapeHtml(report.checkedAt)}</p>
<p class="verdict ${report.ok ? 'ok' : 'bad'}">结论：${report.ok ? '通过' : '未通过'}</p>
<table><thead><tr><th>检测项</th><th>通过</th><th>未通过</th><th>未检测</th></tr></thead><tbody>
${summaryRows}
</tbody></table>
<table><thead><tr><th>属性</th><th>检测</th><th>对象</th><th>结果</th><th>说明</th></tr></thead><tbody>
${rows}
</tbody></table>
</body>
</html>
`;
}
