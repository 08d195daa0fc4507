// The chamber's contact shown on every verification outcome comes from configuration (issue #13).
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../functions/config/config.ts';

describe('the chamber’s contact in configuration', () => {
  it('has demo defaults, so that a fresh deployment shows something to replace', () => {
    expect(loadConfig({}).issuerContact).toEqual({
      address: expect.any(String),
      phone: '+389 2 000 0000',
      email: 'certificates@chamber.example',
      web: 'https://chamber.example',
    });
  });

  it('takes ISSUER_ADDRESS, ISSUER_PHONE, ISSUER_EMAIL and ISSUER_WEB', () => {
    const config = loadConfig({
      ISSUER_ADDRESS: 'ул. Димитрие Чуповски 13, 1000 Скопје',
      ISSUER_PHONE: '+389 (2) 3244-000',
      ISSUER_EMAIL: 'uverenija@komora.test',
      ISSUER_WEB: 'https://komora.test/uverenija',
    });
    expect(config.issuerContact).toEqual({
      address: 'ул. Димитрие Чуповски 13, 1000 Скопје',
      phone: '+389 (2) 3244-000',
      email: 'uverenija@komora.test',
      web: 'https://komora.test/uverenija',
    });
  });

  it.each([
    ['ISSUER_EMAIL', 'not an address'],
    ['ISSUER_WEB', 'komora.test'],
    ['ISSUER_PHONE', 'call us'],
  ])('stops start-up naming %s when it is malformed', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}: `));
  });

  it('still refuses a misspelt ISSUER_ variable', () => {
    expect(() => loadConfig({ ISSUER_PHONES: '+389 2 000 0000' })).toThrow(/ISSUER_PHONES: unknown variable/);
  });
});
