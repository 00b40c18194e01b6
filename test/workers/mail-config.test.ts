// The SMTP settings the composition root hands to notify.email (server/config.ts).
import { describe, expect, it } from '@jest/globals';
import { ConfigError, readConfig } from '../../server/config.js';

describe('mail configuration', () => {
  it('given nothing set, then localhost:25 without TLS or credentials', () => {
    expect(readConfig({}).mail).toEqual({ host: 'localhost', port: 25, secure: false, from: 'Mesa de Ayuda <soporte@aguascalientes.gob.mx>' });
  });

  it('given every variable, then each is read', () => {
    const mail = readConfig({
      OFICIO_SMTP_HOST: 'smtp.aguascalientes.gob.mx',
      OFICIO_SMTP_PORT: '465',
      OFICIO_SMTP_SECURE: 'true',
      OFICIO_SMTP_USER: 'oficio',
      OFICIO_SMTP_PASS: 's3creto',
      OFICIO_MAIL_FROM: 'Oficio <oficio@aguascalientes.gob.mx>',
    }).mail;
    expect(mail).toEqual({ host: 'smtp.aguascalientes.gob.mx', port: 465, secure: true, auth: { user: 'oficio', pass: 's3creto' }, from: 'Oficio <oficio@aguascalientes.gob.mx>' });
  });

  it('given a bad port, a bad boolean or a user without password, then the variable is named', () => {
    expect(() => readConfig({ OFICIO_SMTP_PORT: 'veinticinco' })).toThrow(ConfigError);
    expect(() => readConfig({ OFICIO_SMTP_SECURE: 'quizá' })).toThrow(/OFICIO_SMTP_SECURE/);
    expect(() => readConfig({ OFICIO_SMTP_USER: 'oficio' })).toThrow(/OFICIO_SMTP_PASS/);
  });
});
