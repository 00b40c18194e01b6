// The findings beside the canvas: live lint (or the last deploy refusal), errors first; a finding
// on an element of the diagram is a button that selects it and scrolls it into view.
import { useId } from 'react';
import type { Finding, Findings } from '../api/models';
import { ProblemAlert } from '../ui/Problem';
import { useT } from '../i18n';

export type LintStatus = 'idle' | 'checking' | 'done' | 'unavailable' | 'failed';

export interface LintState {
  status: LintStatus;
  findings: Findings;
  /** Where the findings come from: the live check, or the server's refusal to deploy. */
  source: 'lint' | 'deploy';
  error?: unknown;
}

export const NO_FINDINGS: Findings = { errors: [], warnings: [] };

export interface FindingsListProps {
  lint: LintState;
  /** The element's name when the diagram has it; undefined when the finding has no element on the canvas. */
  nameOf(elementId: string): string | undefined;
  onReveal(elementId: string): void;
}

export function FindingsList({ lint, nameOf, onReveal }: FindingsListProps) {
  const { t } = useT();
  const headingId = useId();
  const { errors, warnings } = lint.findings;
  const total = errors.length + warnings.length;
  const rows: Array<{ severity: 'error' | 'warning'; finding: Finding }> = [
    ...errors.map((finding) => ({ severity: 'error' as const, finding })),
    ...warnings.map((finding) => ({ severity: 'warning' as const, finding })),
  ];
  return (
    <section className="modeler-box modeler-findings" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {t('modeler.findings.title')} {total > 0 && <span className="muted modeler-count">{t('modeler.findings.count', { errors: errors.length, warnings: warnings.length })}</span>}
      </h2>
      <p role="status" aria-live="polite" className="muted modeler-lint-status" data-testid="lint-status">
        {lint.status === 'checking' && t('modeler.findings.checking')}
        {lint.status === 'unavailable' && t('modeler.findings.unavailable')}
        {lint.status === 'done' && lint.source === 'deploy' && t('modeler.findings.fromDeploy')}
        {lint.status === 'done' && total === 0 && t('modeler.findings.none')}
      </p>
      {lint.status === 'failed' && <ProblemAlert error={lint.error} />}
      {rows.length > 0 && (
        <ul className="modeler-finding-list" data-testid="findings-list">
          {rows.map(({ severity, finding }, i) => {
            const name = finding.elementId ? nameOf(finding.elementId) : undefined;
            const badge = <span className={`badge ${severity === 'error' ? 'bad' : 'warn'}`}>{t(severity === 'error' ? 'modeler.findings.error' : 'modeler.findings.warning')}</span>;
            return (
              <li key={`${severity}-${finding.elementId}-${finding.rule}-${i}`} className={`finding ${severity}`}>
                {name !== undefined ? (
                  <button type="button" className="finding-button" onClick={() => onReveal(finding.elementId)} data-element-id={finding.elementId}>
                    {badge} <span className="finding-element">{name}</span>
                    <span className="finding-message">{finding.message}</span>
                  </button>
                ) : (
                  <div className="finding-static">
                    {badge} <span className="finding-element">{finding.elementId || t('modeler.findings.wholeModel')}</span>
                    <span className="finding-message">{finding.message}</span>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
