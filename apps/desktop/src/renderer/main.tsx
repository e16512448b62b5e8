import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { createApiClient } from '../api-contract';
import { App } from './App';
import { pickTransport } from './bridge';
import { i18n } from './i18n';

const { kind, transport } = pickTransport();
const api = createApiClient(transport);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <App api={api} transport={kind} />
    </I18nextProvider>
  </StrictMode>,
);
