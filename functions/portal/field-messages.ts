// A field error in the reader's language, worded from its issue code and params (the core's ISSUE_CODES, and
// the few the portal's own goods import adds), never from the core's English message.
import type { PasswordWeakness } from '../core/auth/password-policy.ts';
import type { IssueCode, IssueParams } from '../core/errors.ts';
import type { PortalMessages } from './messages/index.ts';

/** Issues only the portal reports: reading an imported goods file. */
export const PORTAL_ISSUE_CODES = [
  'column_missing',
  'file_too_large',
  'too_many_rows',
  'unreadable_encoding',
  'unreadable_spreadsheet',
] as const;
export type PortalIssueCode = (typeof PORTAL_ISSUE_CODES)[number];
export type FieldIssueCode = IssueCode | PortalIssueCode;

export interface FieldIssue {
  code: FieldIssueCode;
  params?: IssueParams | undefined;
  /** WEAK_PASSWORD's reason (password-policy.ts). */
  reason?: string | undefined;
}

/** `{name}` in a catalogue string, replaced by that param; a param the issue lacks stays as written. */
const withParams = (template: string, params: IssueParams | undefined): string =>
  template.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    params?.[name] === undefined ? placeholder : String(params[name]),
  );

/** A list's own minimum reads better than the general one ("needs at least one goods line"). */
const listMinimum = (field: string | undefined, m: PortalMessages): string | undefined =>
  field === 'goods'
    ? m.fieldMessages.goodsMin
    : field === 'invoices'
      ? m.fieldMessages.invoicesMin
      : undefined;

/** The words for one field's issue; `field` is the form's field name the issue is on. */
export const fieldMessage = (issue: FieldIssue, m: PortalMessages, field?: string): string => {
  if (issue.code === 'weak_password' && issue.reason && issue.reason in m.password.reasons) {
    return m.password.reasons[issue.reason as PasswordWeakness];
  }
  if (issue.code === 'too_few') {
    const list = listMinimum(field, m);
    if (list) return list;
  }
  return withParams(m.fieldIssues[issue.code], issue.params);
};
