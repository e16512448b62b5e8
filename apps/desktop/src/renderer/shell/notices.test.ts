import { describe, expect, it } from 'vitest';
import type { IncomingMessageView, TaskListItem } from '../../api-contract';
import { dueNotices, trimSeen, type NoticeTexts } from './notices';

const texts: NoticeTexts = {
  arrival: (sender) => `新来文：${sender}`,
  overdue: (step) => `已超期：${step}`,
  stepName: (task) => task.stepName?.zh ?? '',
};

const arrival = (messageId: string, state: IncomingMessageView['state']) =>
  ({
    messageId,
    senderName: '江宁市人民政府办公室',
    docNumber: '宁政办发〔2026〕1号',
    title: '关于做好春节期间值班工作的通知',
    state,
    documentId: null,
  }) as IncomingMessageView;

const task = (instanceId: string, overdue: boolean) =>
  ({
    instanceId,
    documentId: `doc-${instanceId}`,
    title: '关于开展消防检查的通知',
    stepId: 'review',
    stepName: { zh: '核稿', en: 'Review' },
    overdue,
  }) as TaskListItem;

describe('desktop notifications (新来文, 超期)', () => {
  it('announces each arrival to sign for once, and not the ones already signed for or returned', () => {
    const incoming = [arrival('m1', 'delivered'), arrival('m2', 'signed-for'), arrival('m3', 'returned')];
    const first = dueNotices(new Set(), incoming, [], '2026-11-23', texts);
    expect(first).toEqual([
      {
        key: 'arrival:m1',
        kind: 'arrival',
        title: '新来文：江宁市人民政府办公室',
        body: '宁政办发〔2026〕1号 关于做好春节期间值班工作的通知',
        documentId: null,
      },
    ]);
    expect(dueNotices(new Set(first.map((n) => n.key)), incoming, [], '2026-11-23', texts)).toEqual([]);
  });

  it('announces an overdue task once a day while it stays overdue', () => {
    const tasks = [task('i1', true), task('i2', false)];
    const today = dueNotices(new Set(), [], tasks, '2026-11-23', texts);
    expect(today.map((n) => [n.title, n.documentId])).toEqual([['已超期：核稿', 'doc-i1']]);
    const seen = new Set(today.map((n) => n.key));
    expect(dueNotices(seen, [], tasks, '2026-11-23', texts)).toEqual([]);
    expect(dueNotices(seen, [], tasks, '2026-11-24', texts)).toHaveLength(1);
  });

  it('keeps the stored list of announced keys bounded, newest last', () => {
    const keys = Array.from({ length: 700 }, (_, i) => `k${i}`);
    const kept = trimSeen(keys);
    expect(kept).toHaveLength(500);
    expect(kept.at(-1)).toBe('k699');
  });
});
