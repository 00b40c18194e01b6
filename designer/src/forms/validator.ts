// The validator of every form the browser renders (rjsf's ajv 8): the same checks the server makes
// — `$data` references, Oficio's own keywords — with the same pattern engine, RE2 (forms/pattern.ts),
// so a form's pattern means what it means on the server and no text typed into a field can freeze the page;
// and the same keywords of meaning (forms/meaning.ts): attestations, texts that cannot be blank.
import { customizeValidator } from '@rjsf/validator-ajv8';
import { MEANING_KEYWORDS } from '../../../forms/meaning.js';
import { linearRegExp } from '../../../forms/pattern.js';
import { PERSON_KEYWORD } from '../../../forms/person.js';

export const formValidator = customizeValidator({
  ajvOptionsOverrides: { $data: true, code: { regExp: linearRegExp } },
  extenderFn: (ajv) => {
    ajv.addKeyword({ keyword: 'x-oficio-attachment', schemaType: 'object' });
    ajv.addKeyword({ keyword: 'x-oficio-manual', schemaType: 'string' });
    for (const definition of MEANING_KEYWORDS) ajv.addKeyword(definition);
    ajv.addKeyword(PERSON_KEYWORD);
    return ajv;
  },
});
