// HOST: where the local server listens. Loopback by default; an operator opens it up on purpose.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../functions/config/config.ts';

describe('the HOST variable', () => {
  it('defaults to 127.0.0.1', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
  });

  it.each(['0.0.0.0', '::', '::1', '192.168.1.20', 'tradecert.lan'])('accepts %s', (host) => {
    expect(loadConfig({ HOST: host }).host).toBe(host);
  });

  it('refuses what is not an address or host name, naming the variable', () => {
    expect(() => loadConfig({ HOST: 'http://0.0.0.0' })).toThrow(ConfigError);
    expect(() => loadConfig({ HOST: 'http://0.0.0.0' })).toThrow(/HOST: must be an address/);
  });
});
