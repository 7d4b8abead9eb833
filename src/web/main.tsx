import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './ui/base.css';
import './ui/components.css';
import './ui/forms.css';
import './ui/tables.css';
import './ui/dialog.css';
import { AppRoutes } from './routes';

const container = document.getElementById('root');
if (!container) throw new Error('The page has no #root element.');
createRoot(container).render(
  <StrictMode>
    <AppRoutes />
  </StrictMode>,
);
