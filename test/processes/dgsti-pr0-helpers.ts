// Shared givens of the DGSTI-P01 PR02–PR08 scenario tests.
import type { ProcessHarness } from './harness.js';
import { settled } from './harness.js';

export const solicitante = {
  nombre: 'Laura Méndez Ruiz',
  correo: 'laura.mendez@aguascalientes.gob.mx',
  dependencia: 'Secretaría de Finanzas',
  area: 'Dirección de Sistemas',
  telefono: '4499102000',
  extension: '1234',
};

export const adjunto = (nombre: string) => ({ id: `adj-${nombre}`, nombre, tipo: 'application/octet-stream', tamano: 1024 });

export async function start(h: ProcessHarness, processDefinitionId: string, variables: Record<string, unknown>): Promise<string> {
  const { processInstanceKey } = await h.engine.createProcessInstance({ processDefinitionId, variables });
  await h.engine.idle();
  return processInstanceKey;
}

/** The mails (decoded subject + body text) sent to an address. */
export function mailsTo(h: ProcessHarness, address: string): string[] {
  return h.mails.filter((m) => m.to.includes(address)).map((m) => decode(m.raw));
}

function decode(raw: string): string {
  // Subjects come as RFC 2047 words, bodies as quoted-printable or base64: enough to read them.
  const subject = raw.replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
  );
  const qp = subject.replace(/=\r?\n/g, '').replace(/(=[0-9A-F]{2})+/gi, (seq) => Buffer.from(seq.split('=').slice(1).map((hx) => parseInt(hx, 16))).toString('utf8'));
  const b64 = [...raw.matchAll(/Content-Transfer-Encoding: base64\r?\n(?:[^\r\n]+\r?\n)*\r?\n([A-Za-z0-9+/=\r\n]+)/g)].map((m) => Buffer.from(m[1]!.replace(/\s/g, ''), 'base64').toString('utf8'));
  return [qp, ...b64].join('\n');
}

export { settled };
