// Texts of form design (server/core/forms, server/http/routes/forms.ts): why a designed form is refused.
import { defineMessages } from '../define.js';

export const forms = defineMessages({
  'forms.design.staleVersion': {
    es: 'Mientras usted editaba, {author} guardó la versión {latest} del formulario «{id}»; su copia no se guardó para no sobrescribirla.',
    en: 'While you were editing, {author} saved version {latest} of form "{id}"; your copy was not saved so as not to overwrite it.',
  },
  'forms.design.idTaken': {
    es: 'Ya existe un formulario con el id «{id}»; elija otro para el formulario nuevo.',
    en: 'A form with the id "{id}" already exists; choose another for the new form.',
  },
  'forms.design.unknownBase': {
    es: 'El formulario «{id}» no tiene la versión {base} de la que partió su copia (su última versión es la {latest}); vuelva a abrirlo.',
    en: 'Form "{id}" has no version {base} for your copy to start from (its latest version is {latest}); open it again.',
  },
  'forms.design.newWithBase': {
    es: 'Un formulario nuevo no parte de ninguna versión: baseVersion debe ser 0 u omitirse.',
    en: 'A new form starts from no version: baseVersion must be 0 or left out.',
  },
  'forms.design.badId': {
    es: 'El id «{id}» no es válido: use minúsculas, dígitos y guiones, empezando por letra o dígito (hasta 200).',
    en: 'The id "{id}" is not valid: use lowercase letters, digits and hyphens, starting with a letter or digit (up to 200).',
  },
  'forms.design.tooLarge': {
    es: 'El formulario ocupa {bytes} bytes; el máximo es {limit}.',
    en: 'The form takes {bytes} bytes; the limit is {limit}.',
  },
  'forms.design.textMissing.es': { es: 'Falta el texto en español.', en: 'The Spanish text is missing.' },
  'forms.design.textMissing.en': { es: 'Falta el texto en inglés.', en: 'The English text is missing.' },
  'forms.design.notObject': {
    es: 'El esquema de un formulario debe ser de tipo «object».',
    en: 'A form\'s schema must be of type "object".',
  },
  'forms.design.noProperties': {
    es: 'El esquema debe declarar sus campos en «properties».',
    en: 'The schema must declare its fields in "properties".',
  },
  'forms.design.schemaInvalid': {
    es: 'El esquema JSON no es válido para el servidor: {detail}',
    en: 'The JSON schema is not valid for the server: {detail}',
  },
  'forms.design.labelMissing': {
    es: 'El campo «{field}» no tiene etiqueta en español ni en inglés.',
    en: 'Field "{field}" has no label in Spanish nor in English.',
  },
  'forms.design.labelMissing.es': { es: 'El campo «{field}» no tiene etiqueta en español.', en: 'Field "{field}" has no Spanish label.' },
  'forms.design.labelMissing.en': { es: 'El campo «{field}» no tiene etiqueta en inglés.', en: 'Field "{field}" has no English label.' },
  'forms.design.optionFieldUnknown': {
    es: 'Hay nombres de opciones para «{field}», que no es un campo del esquema.',
    en: 'There are option names for "{field}", which is not a field of the schema.',
  },
  'forms.design.optionFieldNoValues': {
    es: 'El campo «{field}» no tiene valores fijos (enum) que nombrar.',
    en: 'Field "{field}" has no fixed values (enum) to name.',
  },
  'forms.design.optionUnknown': {
    es: 'El campo «{field}» no admite el valor «{value}»; sus valores son: {values}.',
    en: 'Field "{field}" does not take the value "{value}"; its values are: {values}.',
  },
  'forms.design.orderUnknown': {
    es: 'El orden de los campos (ui:order) nombra «{field}», que no es un campo del esquema.',
    en: 'The field order (ui:order) names "{field}", which is not a field of the schema.',
  },
});
