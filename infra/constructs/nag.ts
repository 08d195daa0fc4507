// cdk-nag's AwsSolutions checks (docs/deploy.md, "Review checks"): run by `npm run synth` and by
// test/infra/nag.test.ts, both of which fail on any finding not acknowledged here or beside the resource.
// Every acknowledgment names one rule (one finding for IAM5) on one construct, with the reason.

import type { PolicyValidationPluginReport } from 'aws-cdk-lib';
import { type App, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** Registers the checks on the app: a finding makes synthesis fail (exit code 1) with the report. */
export const checkAwsSolutions = (app: App): void => {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
};

/** The findings on `scope` and below, acknowledged ones left out: what a test asserts is empty. */
export const awsSolutionsFindings = (scope: IConstruct): PolicyValidationPluginReport =>
  new AwsSolutionsChecks().validateScope(scope);

/** Acknowledges one rule (`AwsSolutions-L1`, or one IAM5 finding) on `scope` and everything under it. */
export const acknowledge = (scope: IConstruct, id: string, reason: string): void => {
  Validations.of(scope).acknowledge({ id, reason });
};

/**
 * How cdk-nag spells a resource in an IAM5 finding of `scope`'s stack: an imported value by its export name, an
 * attribute of this stack as `<LogicalId.Attribute>`. `value` must already be what the template holds: for another
 * stack's attribute, its Fn::ImportValue (Stack.exportValue), because references are only turned into imports
 * during synthesis, after the acknowledgment is made.
 */
export const nameInFinding = (scope: IConstruct, value: string): string => {
  const resolved = Stack.of(scope).resolve(value) as unknown;
  if (typeof resolved === 'string') return resolved;
  const { 'Fn::ImportValue': imported, 'Fn::GetAtt': attribute } = resolved as {
    'Fn::ImportValue'?: unknown;
    'Fn::GetAtt'?: [string, string];
  };
  if (typeof imported === 'string') return imported;
  if (attribute) return `<${attribute[0]}.${attribute[1]}>`;
  throw new Error(`no cdk-nag name for ${JSON.stringify(resolved)}`);
};
