import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router';
import '../shared/base.css';
import './public.css';
import { I18nProvider, initialLanguage } from './i18n.ts';
import { LinkProblemPage } from './pages/LinkProblemPage.tsx';
import { PublicShell } from './PublicShell.tsx';
import { PUBLIC_ROUTES } from './routes.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider initial={initialLanguage()}>
      <BrowserRouter basename="/p">
        <PublicShell>
          <Routes>
            {PUBLIC_ROUTES.map((route) => (
              <Route key={route.path} path={route.path} element={route.element} />
            ))}
            <Route path="*" element={<LinkProblemPage kind="not-found" />} />
          </Routes>
        </PublicShell>
      </BrowserRouter>
    </I18nProvider>
  </StrictMode>,
);
