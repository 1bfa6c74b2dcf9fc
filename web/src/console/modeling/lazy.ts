import { lazy } from 'react';

// bpmn-js and dmn-js are most of a megabyte each: they load when a screen needs them, not
// with the console.
export const BpmnEditor = lazy(() => import('./BpmnEditor.tsx'));
export const BpmnInstanceViewer = lazy(() => import('./BpmnInstanceViewer.tsx'));
export const DmnEditor = lazy(() => import('./DmnEditor.tsx'));

export type { BpmnEditorHandle } from './BpmnEditor.tsx';
export type { DmnEditorHandle } from './DmnEditor.tsx';
