// Exactly one certificate per approval, however many staff press "approve" at once (docs/architecture.md §3).
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/adapters/dynamodb/table.ts';
import { buildLocalApp } from '../../functions/local/server.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { createTestStack, submittedApplication, type TestStack } from '../support/test-stack.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await createTestStack();
});

const counterValue = async (year: number) => {
  const { Item } = await stack.db.send(
    new GetCommand({
      TableName: stack.config.tableName,
      Key: keys.counter({ issuerId: stack.config.issuer.id, type: 'co', year }),
      ConsistentRead: true,
    }),
  );
  return Item?.value;
};

/** The year at the chamber's seat, which is the year in its serials (not the UTC year: they differ on New Year's Eve). */
const chamberYear = () =>
  Number(
    new Intl.DateTimeFormat('en-CA', { timeZone: stack.config.issuer.timeZone, year: 'numeric' }).format(
      new Date(),
    ),
  );

describe('concurrent approval', () => {
  it('gives exactly one certificate when ten staff approve at once, and consumes one serial', async () => {
    const { id, version } = await submittedApplication(stack, sampleCertificateOfOrigin(2));
    const tokens = [await stack.login('staff'), await stack.login('staff2')];
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        stack.request(`/api/applications/${id}/approve`, { token: tokens[index % 2], json: { version } }),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    const winner = responses.find((response) => response.status === 201);
    const { certificate } = (await (winner as Response).json()) as {
      certificate: { serial: string; issuedAt: string };
    };
    const year = Number(certificate.serial.split('-')[2]);
    expect(await counterValue(year)).toBe(1);

    const next = await submittedApplication(stack, sampleCertificateOfOrigin(1));
    const second = await stack.request(`/api/applications/${next.id}/approve`, {
      token: tokens[0],
      json: { version: next.version },
    });
    const issued = (await second.json()) as { certificate: { serial: string } };
    expect(issued.certificate.serial).toBe(certificate.serial.replace(/000001$/, '000002'));
  });

  it('keeps serials gap-free and unique when different applications are approved in parallel', async () => {
    const applications = await Promise.all(
      Array.from({ length: 6 }, () => submittedApplication(stack, sampleCertificateOfOrigin(1))),
    );
    const token = await stack.login('staff');
    const before = (await counterValue(chamberYear())) ?? 0;
    const responses = await Promise.all(
      applications.map((application) =>
        stack.request(`/api/applications/${application.id}/approve`, {
          token,
          json: { version: application.version },
        }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(6).fill(201));
    const serials = await Promise.all(
      responses.map(
        async (response) =>
          ((await response.json()) as { certificate: { serial: string } }).certificate.serial,
      ),
    );
    const numbers = serials.map((serial) => Number(serial.slice(-6))).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 6 }, (_, index) => before + index + 1));
  });

  it('keeps serials gap-free when two server processes on one table approve in parallel', async () => {
    // Within a process approvals take their serial one after another; between processes (Lambda instances)
    // only the conditional write decides. A second app over the same table stands in for the second process.
    const other = await buildLocalApp(stack.config);
    const applications = await Promise.all(
      Array.from({ length: 12 }, () => submittedApplication(stack, sampleCertificateOfOrigin(1))),
    );
    const [first, second] = [await stack.login('staff'), await stack.login('staff2')];
    const before = (await counterValue(chamberYear())) ?? 0;
    const responses = await Promise.all(
      applications.map((application, index) =>
        (index % 2 === 0 ? stack.app : other.app).request(`/api/applications/${application.id}/approve`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            Authorization: `Bearer ${index % 2 === 0 ? first : second}`,
          },
          body: JSON.stringify({ version: application.version }),
        }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(12).fill(201));
    const numbers = (
      await Promise.all(
        responses.map(
          async (response) =>
            ((await response.json()) as { certificate: { serial: string } }).certificate.serial,
        ),
      )
    )
      .map((serial) => Number(serial.slice(-6)))
      .sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, index) => before + index + 1));
    expect(await counterValue(chamberYear())).toBe(before + 12);
  });
});
