// Where an alarm's reader finds what to look at and what to do: a section of docs/deploy.md ("Runbook"). Every
// alarm description ends with one of these; test/infra/operations.test.ts checks that each section exists.
export const RUNBOOK_DOCUMENT = 'docs/deploy.md';

/** `Runbook: docs/deploy.md#<anchor>`, the anchor being the section heading as GitHub spells it. */
export const runbookLink = (anchor: string): string => `Runbook: ${RUNBOOK_DOCUMENT}#${anchor}`;
