import { OaError } from '@oa/shared';
import { formatErrorText, type DesktopErrorCode } from '../api-contract';

/** An OaError of the desktop catalog, its message filled from `details`. */
export function desktopError(code: DesktopErrorCode, details: Record<string, unknown> = {}): OaError {
  return new OaError(code, formatErrorText(code, details), Object.keys(details).length > 0 ? details : undefined);
}
