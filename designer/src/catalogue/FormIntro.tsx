// What a start form says before its fields: its title, description, the manual's reference and
// how required fields are marked — the same on the staff start page and the citizen's page.
import type { LocalizedForm } from '../api/types';
import { useT } from '../i18n';

export function FormIntro({ form, headingLevel = 2 }: { form: LocalizedForm; headingLevel?: 1 | 2 }) {
  const { t } = useT();
  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  return (
    <>
      <Heading>{form.title}</Heading>
      {form.description && <p>{form.description}</p>}
      {form.manualReference && <p className="muted">{t('catalogue.form.manual', { ref: form.manualReference })}</p>}
      <p className="muted">{t('catalogue.form.required')}</p>
    </>
  );
}
