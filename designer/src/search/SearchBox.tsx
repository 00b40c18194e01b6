// The search box in the header: one field for a folio, a ticket number, a requester's name or
// e-mail, a kiosk or words of the request, leading to the results page (/buscar?q=…).
import { useState, type FormEvent } from 'react';
import { navigate, useLocation } from '../app/router';
import { SEARCH_QUERY_MAX } from '../api/search';
import { useT } from '../i18n';
import './search.css';

export const SEARCH_PATH = '/buscar';

export function SearchBox() {
  const { t } = useT();
  const { path, query } = useLocation();
  const shown = path === SEARCH_PATH ? (query.get('q') ?? '') : '';
  // What is typed, until the address changes (a search made, another page opened): then the address's query.
  const [typed, setTyped] = useState<{ for: string; text: string }>();
  const text = typed && typed.for === path + shown ? typed.text : shown;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const q = text.trim();
    setTyped(undefined);
    navigate(q ? `${SEARCH_PATH}?q=${encodeURIComponent(q)}` : SEARCH_PATH);
  };

  return (
    <form role="search" className="app-search" aria-label={t('search.label')} onSubmit={submit}>
      <label htmlFor="buscar" className="visually-hidden">
        {t('search.label')}
      </label>
      <input
        id="buscar"
        type="search"
        name="q"
        value={text}
        maxLength={SEARCH_QUERY_MAX}
        placeholder={t('search.placeholder')}
        autoComplete="off"
        onChange={(e) => setTyped({ for: path + shown, text: e.target.value })}
      />
      <button type="submit">{t('search.submit')}</button>
    </form>
  );
}
