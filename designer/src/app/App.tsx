// The designer's pages by path. Every area but the tasklist loads its code when first opened, so
// the modeler (bpmn-js) never weighs on the tasklist a staff member opens at 9 a.m.
import { lazy, Suspense, useEffect, type ComponentType, type LazyExoticComponent } from 'react';
import { I18nProvider, useT } from '../i18n';
import { Loading } from '../ui/Problem';
import { Layout } from './Layout';
import { LoginPage, safeNext, SessionExpiredDialog } from './LoginPage';
import { PageBoundary } from './PageBoundary';
import { Link, matchPath, navigate, useLocation } from './router';
import { SessionProvider, useSession } from './session';
import './app.css';

export interface PageProps {
  params: Record<string, string>;
}

type Page = LazyExoticComponent<ComponentType<PageProps>>;

const TasklistPage: Page = lazy(() => import('../tasklist/TasklistPage'));
const TaskPage: Page = lazy(() => import('../tasklist/TaskPage'));
const CataloguePage: Page = lazy(() => import('../catalogue/CataloguePage'));
const StartPage: Page = lazy(() => import('../catalogue/StartPage'));
const PublicFormPage: Page = lazy(() => import('../catalogue/PublicFormPage'));
const ModelsPage: Page = lazy(() => import('../modeler/ModelsPage'));
const ModelerPage: Page = lazy(() => import('../modeler/ModelerPage'));
const FormsPage: Page = lazy(() => import('../form-designer/FormsPage'));
const FormDesignerPage: Page = lazy(() => import('../form-designer/FormDesignerPage'));
const InstancesPage: Page = lazy(() => import('../auditor/InstancesPage'));
const InstancePage: Page = lazy(() => import('../auditor/InstancePage'));
const AuditPage: Page = lazy(() => import('../auditor/AuditPage'));
const SearchPage: Page = lazy(() => import('../search/SearchPage'));

interface Route {
  path: string;
  page: Page;
  /** Pages that need the whole width (the modeler, the diagram). */
  wide?: boolean;
  /** Pages anyone may open without signing in. */
  public?: boolean;
}

export const ROUTES: Route[] = [
  { path: '/tareas', page: TasklistPage },
  { path: '/tareas/:key', page: TaskPage },
  { path: '/iniciar', page: CataloguePage },
  { path: '/iniciar/:processId', page: StartPage },
  { path: '/publico/:processId', page: PublicFormPage, public: true },
  { path: '/modelos', page: ModelsPage },
  { path: '/modelos/:processId', page: ModelerPage, wide: true },
  { path: '/formularios', page: FormsPage },
  { path: '/formularios/:id', page: FormDesignerPage, wide: true },
  { path: '/instancias', page: InstancesPage },
  { path: '/instancias/:key', page: InstancePage, wide: true },
  { path: '/auditoria', page: AuditPage },
  { path: '/buscar', page: SearchPage },
];

/** Moves to `to` once rendered (navigating while rendering would update other components mid-render). */
function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function Pages() {
  const { path, query } = useLocation();
  const session = useSession();
  const { t } = useT();
  if (path === '/' || path === '') return <Redirect to="/tareas" />;
  let found: { route: Route; params: Record<string, string> } | undefined;
  for (const route of ROUTES) {
    const params = matchPath(route.path, path);
    if (params) {
      found = { route, params };
      break;
    }
  }
  if (found?.route.public) {
    const Public = found.route.page;
    return (
      <PageBoundary resetKey={path}>
        <Suspense fallback={<Loading />}>
          <Public params={found.params} />
        </Suspense>
      </PageBoundary>
    );
  }
  if (session.user === undefined) return <Loading />;
  if (path === '/entrar' && session.user) return <Redirect to={safeNext(query.get('siguiente'))} />;
  if (session.user === null || path === '/entrar') {
    return <LoginPage next={path === '/entrar' ? safeNext(query.get('siguiente')) : path + location.search} />;
  }
  if (!found) {
    return (
      <Layout>
        <h1>{t('app.notFound')}</h1>
        <Link to="/tareas">{t('app.backHome')}</Link>
      </Layout>
    );
  }
  const Page = found.route.page;
  return (
    <Layout wide={found.route.wide ?? false}>
      <PageBoundary resetKey={path}>
        <Suspense fallback={<Loading />}>
          <Page params={found.params} />
        </Suspense>
      </PageBoundary>
      {session.expired && <SessionExpiredDialog />}
    </Layout>
  );
}

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <Pages />
      </SessionProvider>
    </I18nProvider>
  );
}
