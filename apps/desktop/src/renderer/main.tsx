import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from '../api-contract';
import { App } from './App';
import { pickTransport } from './bridge';

const { kind, transport } = pickTransport();
const api = createApiClient(transport);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App api={api} transport={kind} />
  </StrictMode>,
);
