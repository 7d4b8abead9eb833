import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppRoutes } from './routes';
import './ui/base.css';
import './ui/components.css';
import './ui/forms-tables.css';

const container = document.getElementById('root');
if (!container) throw new Error('The page has no #root element.');
createRoot(container).render(
  <StrictMode>
    <AppRoutes />
  </StrictMode>,
);
