// Operator commands of `tradecert`: rotate the local signing key, and create the first administrator of a
// deployment (the API can only create admins for an admin, so the first one is written directly).
import { randomBytes, randomUUID } from 'node:crypto';
import { createAccountRepository } from '../adapters/dynamodb/account-repository.ts';
import { createDocumentClient, createDynamoClient } from '../adapters/dynamodb/client.ts';
import { rotateSigningKey } from '../adapters/local/file-key-ring.ts';
import type { Config } from '../config/config.ts';
import { MIN_PASSWORD_LENGTH } from '../core/auth/manage-accounts.ts';
import { hashPassword } from '../core/auth/passwords.ts';

export const rotateKeys = async (config: Config): Promise<string> => {
  if (config.keySource !== 'local') {
    return 'Signing keys are in AWS KMS: add a key generation in the CDK context (signingKeyGenerations) and deploy; see docs/deploy.md.';
  }
  const { active, retired } = await rotateSigningKey(config.keysDir, new Date());
  return [
    `New active signing key ${active} in ${config.keysDir}.`,
    ...retired.map(
      (kid) => `Retired ${kid}: still published in /.well-known/jwks.json, so what it sealed still verifies.`,
    ),
    'Running servers pick the new key up within ten seconds.',
  ].join('\n');
};

export const createAdmin = async (
  config: Config,
  input: { email: string; name: string; password?: string | undefined },
) => {
  if (input.password !== undefined && input.password.length < MIN_PASSWORD_LENGTH) {
    throw new Error(`The password must be at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  const password = input.password ?? randomBytes(15).toString('base64url');
  const dynamo = createDynamoClient({ region: config.region, endpoint: config.dynamoEndpoint });
  const accounts = createAccountRepository(createDocumentClient(dynamo), config.tableName);
  await accounts.createUser({
    id: randomUUID(),
    issuerId: config.issuer.id,
    email: input.email.trim().toLowerCase(),
    name: input.name,
    role: 'admin',
    passwordHash: await hashPassword(password),
    createdAt: new Date().toISOString(),
  });
  dynamo.destroy();
  return input.password === undefined
    ? `Administrator ${input.email} created. Initial password (shown once): ${password}`
    : `Administrator ${input.email} created.`;
};
