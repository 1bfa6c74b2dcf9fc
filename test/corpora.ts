import { join, resolve } from 'node:path';

/**
 * The independent conformance material (DMN TCK, EPCIS examples, BPMN MIWG…), copied
 * unchanged from ../shared/corpora with its sources and licences (corpora/README.md), so
 * that a clean clone tests itself. Never edit these files.
 */
export const CORPORA_DIR = resolve(import.meta.dirname, '..', 'corpora');
export const corpus = (...parts: string[]) => join(CORPORA_DIR, ...parts);
