import type { ReactNode } from 'react';
import { LinkProblemPage } from './pages/LinkProblemPage.tsx';
import { ClaimStatusPage } from './pages/RecallClaim.tsx';
import { ComplaintPage } from './pages/ComplaintPage.tsx';
import { LotCheckPage, RecallPage } from './pages/RecallPage.tsx';
import { StoreConfirmPage } from './pages/StoreConfirm.tsx';

/**
 * Public pages by path under /p/. Modules add theirs here (recall page, order tracker,
 * survey…); anything else shows the not-found page. A page that verifies a signed link
 * renders <LinkProblemPage kind="expired" /> when the link has run out.
 */
export const PUBLIC_ROUTES: { path: string; element: ReactNode }[] = [
  { path: 'link-expired', element: <LinkProblemPage kind="expired" /> },
  { path: 'recall/:reference', element: <RecallPage /> },
  { path: 'check', element: <LotCheckPage /> },
  { path: 'claim', element: <ClaimStatusPage /> },
  { path: 'store-confirm', element: <StoreConfirmPage /> },
  { path: 'complaint', element: <ComplaintPage /> },
];
