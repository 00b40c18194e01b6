// ENGINE and the SDK's variables as config.ts reads them: the only reader of the environment hands
// every ZEEBE_* / CAMUNDA_* setting to the SDK as it is, and refuses an engine it does not know.
import { ConfigError, readConfig } from '../../../server/config.js';

describe('the Camunda settings of the configuration', () => {
  it('given nothing about the engine, then it is the embedded one and no SDK setting is passed on', () => {
    const config = readConfig({});
    expect(config.engine).toBe('embedded');
    expect(config.camunda.settings).toEqual({});
  });

  it("given ENGINE=camunda with the SDK's variables, then every ZEEBE_* and CAMUNDA_* that is set reaches the SDK unchanged, and nothing else does", () => {
    const config = readConfig({
      ENGINE: 'Camunda',
      ZEEBE_REST_ADDRESS: 'https://bru-2.zeebe.camunda.io/abc',
      CAMUNDA_AUTH_STRATEGY: 'OAUTH',
      ZEEBE_CLIENT_ID: 'oficio',
      ZEEBE_CLIENT_SECRET: 's3cr3t',
      CAMUNDA_OAUTH_URL: 'https://login.cloud.camunda.io/oauth/token',
      ZEEBE_TOKEN_AUDIENCE: 'zeebe.camunda.io',
      CAMUNDA_BASIC_AUTH_USERNAME: '',
      OFICIO_LANG: 'es',
      PATH: '/usr/bin',
    });
    expect(config.engine).toBe('camunda');
    expect(config.camunda.settings).toEqual({
      ZEEBE_REST_ADDRESS: 'https://bru-2.zeebe.camunda.io/abc',
      CAMUNDA_AUTH_STRATEGY: 'OAUTH',
      ZEEBE_CLIENT_ID: 'oficio',
      ZEEBE_CLIENT_SECRET: 's3cr3t',
      CAMUNDA_OAUTH_URL: 'https://login.cloud.camunda.io/oauth/token',
      ZEEBE_TOKEN_AUDIENCE: 'zeebe.camunda.io',
    });
  });

  it('given an engine Oficio does not have, then the configuration is refused naming ENGINE and the two it accepts', () => {
    let error: unknown;
    try {
      readConfig({ ENGINE: 'zeebe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe('ENGINE');
    expect((error as ConfigError).message).toMatch(/embedded or camunda/);
  });
});
