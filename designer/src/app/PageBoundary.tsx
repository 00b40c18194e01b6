// A page that fails to load or to draw says so and offers a reload, instead of blanking the whole
// app — most often its code is gone because the app was updated while the tab stayed open.
import { Component, type ReactNode } from 'react';
import { useT } from '../i18n';

// A chunk of an older build cannot be fetched after an update: reload to the new build once.
if (typeof window !== 'undefined') {
  window.addEventListener('vite:preloadError', (event) => {
    if (sessionStorage.getItem('oficio.reloadedForUpdate') === location.href) return;
    sessionStorage.setItem('oficio.reloadedForUpdate', location.href);
    event.preventDefault();
    location.reload();
  });
}

function PageFailed() {
  const { t } = useT();
  return (
    <div className="alert error" role="alert">
      <strong>{t('problem.pageFailed')}</strong>
      <p>{t('problem.pageFailedHint')}</p>
      <button type="button" className="primary" onClick={() => location.reload()}>
        {t('action.reload')}
      </button>
    </div>
  );
}

/** Catches a page's failure; a new address (`resetKey`) gives the next page a fresh start. */
export class PageBoundary extends Component<{ children: ReactNode; resetKey: string }, { failed: boolean; resetKey: string }> {
  override state = { failed: false, resetKey: this.props.resetKey };

  static getDerivedStateFromError(): Partial<{ failed: boolean }> {
    return { failed: true };
  }

  static getDerivedStateFromProps(props: { resetKey: string }, state: { failed: boolean; resetKey: string }) {
    // Not a React key: a page that changes its own address (a new form's first save) stays mounted.
    return props.resetKey === state.resetKey ? null : { failed: false, resetKey: props.resetKey };
  }

  override componentDidCatch(error: unknown): void {
    console.error(error);
  }

  override render() {
    return this.state.failed ? <PageFailed /> : this.props.children;
  }
}
