// Sending e-mail. The built-in Mailer speaks SMTP through nodemailer and translates its errors into
// what the worker must decide on: a recipient the server refuses, or a server that is not there.
import nodemailer from 'nodemailer';
import type { MailSettings } from '../deps.js';

export interface OutgoingMail {
  to: string[];
  subject: string;
  text: string;
  html?: string;
}

/** Why a mail was not sent; `recipient` means retrying cannot help. */
export class MailDeliveryError extends Error {
  constructor(
    readonly reason: 'recipient' | 'unavailable' | 'other',
    message: string,
  ) {
    super(message);
    this.name = 'MailDeliveryError';
  }
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
}

/** What notify.email sent for a job (the record's id is the job key): a retry answers it again. */
export interface SentMail {
  messageId: string;
  para: string[];
  asunto: string;
  plantilla: string;
}

export const SENT_MAIL_COLLECTION = 'oficio_correos_enviados';

const UNAVAILABLE_CODES = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EGREETING', 'EAUTH', 'ETLS', 'EHOSTUNREACH']);

export function createSmtpMailer(settings: MailSettings): Mailer {
  const transport = nodemailer.createTransport({
    host: settings.smtp.host,
    port: settings.smtp.port,
    secure: settings.smtp.secure ?? false,
    ...(settings.smtp.auth ? { auth: settings.smtp.auth } : {}),
    ...(settings.smtp.ignoreTLS !== undefined ? { ignoreTLS: settings.smtp.ignoreTLS } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(mail) {
      try {
        const info = await transport.sendMail({ from: settings.from, to: mail.to, subject: mail.subject, text: mail.text, ...(mail.html ? { html: mail.html } : {}) });
        return { messageId: String(info.messageId) };
      } catch (error) {
        throw translateSmtpError(error);
      }
    },
  };
}

function translateSmtpError(error: unknown): MailDeliveryError {
  const e = (error ?? {}) as { code?: string; responseCode?: number; rejected?: unknown[]; message?: string };
  const server = typeof e.responseCode === 'number' ? ` (${e.responseCode})` : '';
  if (e.code === 'EENVELOPE' && typeof e.responseCode === 'number' && e.responseCode >= 500) {
    return new MailDeliveryError('recipient', `el servidor de correo rechazó el destinatario${server}`);
  }
  if ((e.code && UNAVAILABLE_CODES.has(e.code)) || (typeof e.responseCode === 'number' && e.responseCode >= 400 && e.responseCode < 500)) {
    return new MailDeliveryError('unavailable', `el servidor de correo no está disponible (${e.code ?? e.responseCode})`);
  }
  return new MailDeliveryError('other', `el correo no se pudo enviar (${e.code ?? 'error'})`);
}
