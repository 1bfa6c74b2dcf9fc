import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import '../shared/base.css';
import './console.css';
import { App } from './App.tsx';
import { AuthProvider } from './auth.tsx';
import { I18nProvider, initialLanguage, rememberLanguage } from './i18n.ts';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider initial={initialLanguage()} onChange={rememberLanguage}>
      <BrowserRouter basename="/console">
        <AuthProvider>
          <App />
        </AuthProvider>
      </BrowserRouter>
    </I18nProvider>
  </StrictMode>,
);
