// Texts of form design (server/core/forms, server/http/routes/forms.ts): why a designed form is refused.
import { defineMessages } from '../define.js';

export const forms = defineMessages({
  'forms.unusable': {
    es: 'El formulario «{id}» no puede usarse para validar datos ({detail}); un responsable de procesos debe corregirlo y guardarlo de nuevo.',
    en: 'Form "{id}" cannot be used to check data ({detail}); a process owner must correct it and save it again.',
  },
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
  'forms.design.openForm': {
    es: 'El formulario acepta datos que no declara: cierre su esquema con "additionalProperties": false (o con "propertyNames" y la lista de sus campos, si alguno se muestra solo bajo una condición).',
    en: 'The form accepts data it does not declare: close its schema with "additionalProperties": false (or with "propertyNames" listing its fields, if some are shown only under a condition).',
  },
  'forms.design.openObject': {
    es: '«{field}» acepta datos que el formulario no declara: agregue "additionalProperties": false a su esquema.',
    en: '"{field}" accepts data the form does not declare: add "additionalProperties": false to its schema.',
  },
  'forms.design.platformVariable': {
    es: 'El campo «{field}» tiene el nombre de un dato que asigna la plataforma, que ningún formulario puede enviar; elija otro nombre.',
    en: 'Field "{field}" has the name of data the platform sets, which no form may send; choose another name.',
  },
  // Patterns are evaluated with RE2, in time linear in the text, so that no text can freeze the server (forms/pattern.ts).
  'forms.design.pattern.backReference': {
    es: 'El patrón de «{field}» repite un grupo anterior ({detail}). Los patrones se evalúan con un motor que garantiza una respuesta rápida con cualquier texto, y ese motor no admite referencias a grupos anteriores; escríbalo sin ellas.',
    en: 'The pattern of "{field}" repeats an earlier group ({detail}). Patterns are evaluated by an engine that answers quickly whatever the text, and it does not support references to earlier groups; write it without them.',
  },
  'forms.design.pattern.lookAround': {
    es: 'El patrón de «{field}» mira hacia adelante o hacia atrás ({detail}). Los patrones se evalúan con un motor que garantiza una respuesta rápida con cualquier texto, y ese motor no admite esas búsquedas; escríbalo sin ellas (p. ej. con varias reglas).',
    en: 'The pattern of "{field}" uses a look-ahead or look-behind ({detail}). Patterns are evaluated by an engine that answers quickly whatever the text, and it does not support them; write it without one (e.g. as several rules).',
  },
  'forms.design.pattern.syntax': {
    es: 'El patrón de «{field}» no es una expresión regular que el validador pueda evaluar: {detail}',
    en: 'The pattern of "{field}" is not a regular expression the validator can evaluate: {detail}',
  },
  // What an answer means (forms/meaning.ts): a statement vouched for starts unticked, a yes/no starts unanswered.
  'forms.design.attestation.notBoolean': {
    es: '«{field}» está marcado como confirmación ("x-oficio-attestation"), pero solo una casilla (de tipo «boolean») puede serlo.',
    en: '"{field}" is marked as an attestation ("x-oficio-attestation"), but only a checkbox (of type "boolean") can be one.',
  },
  'forms.design.attestation.const': {
    es: 'La confirmación «{field}» debe exigir que se marque: agregue "const": true a su esquema.',
    en: 'The attestation "{field}" must require being ticked: add "const": true to its schema.',
  },
  'forms.design.attestation.marker': {
    es: 'La casilla «{field}» solo admite «marcada»: es una confirmación; agregue "x-oficio-attestation": true a su esquema para que el formulario lo diga a quien la llene.',
    en: 'The checkbox "{field}" only takes "ticked": it is an attestation; add "x-oficio-attestation": true to its schema so the form says so to whoever fills it in.',
  },
  'forms.design.attestation.default': {
    es: 'La confirmación «{field}» no puede venir marcada ni tener un valor predeterminado: la persona debe marcarla ella misma; quite "default".',
    en: 'The attestation "{field}" cannot come ticked nor have a default value: the person must tick it themselves; remove "default".',
  },
  'forms.design.attestation.optional': {
    es: 'La confirmación «{field}» debe ser obligatoria: sin marcarla, nadie la habría confirmado.',
    en: 'The attestation "{field}" must be required: left unticked, no one would have confirmed it.',
  },
  'forms.design.decision.default': {
    es: 'La pregunta de sí o no «{field}» no puede tener una respuesta preseleccionada: la persona debe elegirla; quite "default".',
    en: 'The yes/no question "{field}" cannot have a preselected answer: the person must choose it; remove "default".',
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
