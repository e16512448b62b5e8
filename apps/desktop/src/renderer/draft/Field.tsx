import { useId, type ReactElement, type ReactNode } from 'react';
import { cloneElement } from 'react';
import { useLocalized } from '../i18n';
import type { FieldIssue } from './model';

interface Props {
  label: string;
  hint?: string;
  issues: FieldIssue[];
  /** The control (input, select, textarea): it gets the id, aria-invalid and aria-describedby. */
  children: ReactElement<Record<string, unknown>>;
  wide?: boolean;
  extra?: ReactNode;
}

/** A labelled form control with the validators' messages right under it. */
export function Field({ label, hint, issues, children, wide, extra }: Props) {
  const localized = useLocalized();
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-issues`;
  const hasError = issues.some((issue) => issue.severity === 'error');
  const describedBy = [hint ? hintId : '', issues.length > 0 ? errorId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${wide ? ' wide' : ''}${hasError ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id, 'aria-invalid': hasError || undefined, 'aria-describedby': describedBy })}
      {extra}
      {hint !== undefined && (
        <small id={hintId} className="hint">
          {hint}
        </small>
      )}
      {issues.length > 0 && (
        <ul id={errorId} className="issues" data-testid="field-issues">
          {issues.map((issue, index) => (
            <li key={index} className={issue.severity}>
              {localized(issue.message)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
