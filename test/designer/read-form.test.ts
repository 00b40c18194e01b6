// A filed request read back on the task page (designer/src/cases/readForm.ts): the manual's own forms,
// their labels, and values as a clerk reads them in es-MX and in English — never codes, never JSON.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { localizeForm } from '../../server/core/catalogue/forms.js';
import type { FormContent } from '../../server/core/forms/index.js';
import { readForm, readValues, type Cell, type Reading, type Row } from '../../designer/src/cases/readForm.js';

const form = (id: string, locale: 'es' | 'en' = 'es') =>
  localizeForm(JSON.parse(readFileSync(fileURLToPath(new URL(`../../forms/${id}.form.json`, import.meta.url)), 'utf8')) as FormContent, locale);

const ES: Reading = { intlLocale: 'es-MX', yes: 'Sí', no: 'No', timeZone: 'America/Mexico_City' };
const EN: Reading = { intlLocale: 'en-US', yes: 'Yes', no: 'No', timeZone: 'America/Mexico_City' };

/** The rows as a person reads them: label → words (a group as its rows, a list as its items, a file by its name). */
function asWords(rows: Row[]): Record<string, unknown> {
  const words = (cell: Cell): unknown => {
    switch (cell.kind) {
      case 'text':
        return cell.text;
      case 'file':
        return `[${cell.file.nombre}]`;
      case 'list':
        return cell.items.map(words);
      case 'group':
        return asWords(cell.rows);
    }
  };
  return Object.fromEntries(rows.map((row) => [row.label, words(row.cell)]));
}

describe('a filed form read back with its own labels', () => {
  it('the CAS complaint: kiosk, date and time, amounts in pesos, the citizen as a group, in the form’s order', () => {
    const data = {
      descripcion: 'Pagué con un billete de 500 y el kiosco no devolvió el cambio.',
      montoEsperadoDevolucion: 137.5,
      kioscoId: 'CAS-03',
      fechaHora: '2026-03-03T16:30:00Z',
      montoPagado: 1250,
      ciudadano: { nombre: 'José Luis Martínez Pérez', telefono: '449 123 4567' },
    };
    const rows = readForm(form('dgsti-p01-pr01-cas-queja-registro'), data, ES);
    expect(rows.map((r) => r.path)).toEqual(['kioscoId', 'fechaHora', 'montoPagado', 'montoEsperadoDevolucion', 'ciudadano', 'descripcion']);
    expect(asWords(rows)).toEqual({
      'Kiosco (CAS)': 'CAS-03',
      'Fecha y hora de la transacción': '3 de marzo de 2026, 10:30',
      'Monto pagado': '$1,250.00',
      'Cambio que debió devolverse': '$137.50',
      Ciudadano: { 'Nombre del ciudadano': 'José Luis Martínez Pérez', 'Teléfono de contacto': '449 123 4567' },
      'Descripción de la queja': 'Pagué con un billete de 500 y el kiosco no devolvió el cambio.',
    });
    const english = asWords(readForm(form('dgsti-p01-pr01-cas-queja-registro', 'en'), data, EN));
    expect(english['Date and time of the transaction']).toBe('March 3, 2026, 10:30 AM');
    expect(english['Amount paid']).toBe('$1,250.00');
  });

  it('the help-desk request: options by their names, the attached oficio as a file, nothing left as a code', () => {
    const oficio = { id: 'adj_0123456789abcdef01234567', nombre: 'oficio-OM-123.pdf', tipo: 'application/pdf', tamano: 48213 };
    const rows = readForm(
      form('dgsti-p01-soporte-ti-solicitud'),
      {
        dependencia: 'Secretaría de Finanzas',
        area: 'Recursos Humanos',
        nombre: 'Ana Ruiz',
        telefono: '449 910 2000',
        correo: 'ana@example.com',
        categoria: 'red-datos',
        descripcion: 'Sin red en el piso 3.\nDesde ayer.',
        canal: 'oficio',
        oficio,
      },
      ES,
    );
    const words = asWords(rows);
    expect(words['Categoría']).toBe('Red de Datos');
    expect(words['Medio de recepción']).toBe('Oficio o indicación directa');
    expect(words['Oficio (Oficial Mayor / CGMPG)']).toBe('[oficio-OM-123.pdf]');
    expect(rows.find((r) => r.path === 'oficio')!.cell).toEqual({ kind: 'file', file: { id: oficio.id, nombre: oficio.nombre, tipo: oficio.tipo, tamano: oficio.tamano } });
    expect(rows.find((r) => r.path === 'descripcion')!.cell).toEqual({ kind: 'text', text: 'Sin red en el piso 3.\nDesde ayer.', multiline: true });
    // A field left empty is not a row.
    expect(rows.some((r) => r.path === 'extension')).toBe(false);
  });

  it('a multiple choice as a list of option names; a list of records as records; calendar dates that do not move with the time zone', () => {
    expect(asWords(readForm(form('dgsti-p01-pr08-solicitud'), { permisos: ['impresion', 'alta-registro'], tipoUsuario: 'consulta' }, ES))).toEqual({
      'Permisos dentro de la aplicación': ['Impresión', 'Alta de registro'],
      'Tipo de usuario': 'Consulta',
    });
    const bienes = asWords(
      readForm(
        form('dgsti-p01-pr04-propuesta-adquisicion'),
        {
          bienes: [
            { descripcion: 'Teléfonos IP', cantidad: 2, costoEstimado: 8500 },
            { descripcion: 'Switch', cantidad: 1 },
          ],
        },
        ES,
      ),
    );
    expect(bienes['Bienes o servicios']).toEqual([
      { Descripcion: 'Teléfonos IP', Cantidad: '2', 'Costo estimado': '$8,500.00' },
      { Descripcion: 'Switch', Cantidad: '1' },
    ]);
    const dated = readForm(
      { schema: { type: 'object', properties: { dia: { type: 'string', format: 'date' }, ok: { type: 'boolean' } } }, uiSchema: {}, labels: { dia: 'Día', ok: 'Conforme' }, options: {} },
      { dia: '2026-03-01', ok: false },
      { ...ES, timeZone: 'Pacific/Honolulu' },
    );
    expect(asWords(dated)).toEqual({ Día: '1 de marzo de 2026', Conforme: 'No' });
  });

  it('values whose form is gone are still words: names as labels, dates, yes/no, files, groups', () => {
    expect(
      asWords(readValues({ fechaEntrega: '2026-03-01', conforme: true, importeTotal: 99.5, evidencia: { id: 'adj_1', nombre: 'foto.jpg' }, contacto: { correoElectronico: 'a@b.mx' } }, ES)),
    ).toEqual({
      'Fecha entrega': '1 de marzo de 2026',
      Conforme: 'Sí',
      'Importe total': '$99.50',
      Evidencia: '[foto.jpg]',
      Contacto: { 'Correo electronico': 'a@b.mx' },
    });
  });
});
