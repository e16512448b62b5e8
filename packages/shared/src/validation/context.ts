import type { CalendarDate } from '../document/dates';
import type { Direction, DocumentFormat } from '../document/kinds';
import type { GongwenDocument } from '../document/schema';

/** `final`: a document ready to register and send; `draft`: numbers and dates may still be missing. */
export type ValidationStage = 'draft' | 'final';

export interface ValidationOptions {
  stage?: ValidationStage;
  /** Today's date, to refuse a 成文日期 in the future. Omit to skip that rule (pure callers). */
  today?: CalendarDate;
}

/** What every rule sees: the parsed document and its derived facts. */
export interface RuleContext {
  doc: GongwenDocument;
  direction: Direction;
  format: DocumentFormat;
  stage: ValidationStage;
  today: CalendarDate | undefined;
  /** The parsed 成文日期, when present and valid. */
  signatureDate: CalendarDate | undefined;
}
