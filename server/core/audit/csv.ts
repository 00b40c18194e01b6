// CSV cells and lines for the audit export: RFC 4180 (comma-separated, CRLF line ends, a field
// holding a comma, a double quote, CR or LF wrapped in double quotes with inner quotes doubled).

/** Byte order mark: tells Excel the file is UTF-8, so «acción» and «Pérez» open intact. */
export const UTF8_BOM = '\uFEFF';
export const CRLF = '\r\n';

const NEEDS_QUOTES = /[",\r\n]/;
/**
 * Spreadsheets run a cell that starts like a formula. Event data comes from users (a citizen's
 * public complaint form among them), so such text cells get a leading apostrophe, which Excel and
 * LibreOffice show as plain text (OWASP's advice against CSV injection).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field, quoted only when it must be. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A field with user-supplied text: neutralized against formula execution, then quoted. */
export function csvTextField(value: string): string {
  return csvField(FORMULA_START.test(value) ? `'${value}` : value);
}

/** One record, with its CRLF. */
export function csvLine(fields: string[]): string {
  return fields.join(',') + CRLF;
}
