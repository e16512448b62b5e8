import { documentKindTable, formatNames, upwardKinds, type DocumentKind } from '../document/kinds';
import type { RecipientInput } from '../document/schema';
import { violation, type Violation } from './catalog';
import type { RuleContext } from './context';

const directionNames = {
  up: { zh: '上行文', en: 'upward' },
  down: { zh: '下行文', en: 'downward' },
  parallel: { zh: '平行文', en: 'to a peer' },
} as const;

/** Kinds that normally name a main addressee; their absence is worth a warning. */
const kindsWithMainRecipient: readonly DocumentKind[] = ['notice', 'reply', 'letter', 'circular'];

export function recipientName(recipient: RecipientInput): string {
  return typeof recipient === 'string' ? recipient : recipient.name;
}

/** 行文规则: direction allowed for the kind; 上行文 sign-off, single addressee, no copies down. */
export function checkRoutingRules({ doc, direction, stage }: RuleContext): Violation[] {
  const out: Violation[] = [];
  const info = documentKindTable[doc.kind];
  if (!info.directions.includes(direction)) {
    out.push(
      violation('DIRECTION_NOT_ALLOWED', 'direction', {
        kind: info.zh,
        kindEn: info.en,
        direction: directionNames[direction].zh,
        directionEn: directionNames[direction].en,
      }),
    );
  }
  const names = { kind: info.zh, kindEn: info.en };
  const signers = doc.signers ?? [];
  if (direction === 'up') {
    if (signers.length === 0 && stage === 'final') out.push(violation('UPWARD_SIGNER_REQUIRED', 'signers', names));
    if (doc.mainRecipients.length !== 1) {
      out.push(violation('UPWARD_SINGLE_MAIN_RECIPIENT', 'mainRecipients', { count: doc.mainRecipients.length }));
    }
    doc.cc.forEach((recipient, index) => {
      if (typeof recipient !== 'string' && recipient.relation === 'subordinate') {
        out.push(violation('UPWARD_CC_SUBORDINATE', `cc[${index}]`, { ...names, name: recipient.name }));
      }
    });
  } else {
    if (signers.length > 0) out.push(violation('SIGNERS_ONLY_UPWARD', 'signers'));
    if (doc.mainRecipients.length === 0 && kindsWithMainRecipient.includes(doc.kind)) {
      out.push(violation('MAIN_RECIPIENT_MISSING', 'mainRecipients', names));
    }
  }
  return out;
}

/** The order format is for 命令 only; 纪要 uses the minutes format. */
export function checkFormatRules({ doc, format }: RuleContext): Violation[] {
  const out: Violation[] = [];
  const info = documentKindTable[doc.kind];
  const only = (kind: DocumentKind) => {
    const target = documentKindTable[kind];
    const formatName = formatNames[format];
    return violation('FORMAT_KIND_MISMATCH', 'format', {
      format: formatName.zh,
      formatEn: formatName.en,
      kinds: target.zh,
      kindsEn: target.en,
      kind: info.zh,
      kindEn: info.en,
    });
  };
  if (format === 'order' && doc.kind !== 'order') out.push(only('order'));
  if (format === 'minutes' && doc.kind !== 'minutes') out.push(only('minutes'));
  if (doc.minutes && doc.kind !== 'minutes') out.push(violation('MINUTES_FIELDS_UNUSED', 'minutes'));
  return out;
}

export function defaultDirection(kind: DocumentKind): 'up' | 'down' | 'parallel' {
  if (upwardKinds.includes(kind)) return 'up';
  return kind === 'letter' ? 'parallel' : 'down';
}
