/**
 * The rules module's errors. A model error is raised while reading a DMN file (bad XML,
 * an element the engine does not support, FEEL that does not parse) and always names the
 * element and its id; an evaluation error is raised only for a caller's mistake (unknown
 * decision). Problems that the DMN spec turns into a null result — a hit policy
 * violation, an input outside its inputValues — are not thrown but listed in
 * `DecisionResult.errors`.
 */
export type DmnModelErrorCode = 'INVALID_XML' | 'UNSUPPORTED_ELEMENT' | 'INVALID_FEEL' | 'INVALID_MODEL';
export type DmnEvaluationErrorCode = 'UNKNOWN_DECISION' | 'UNKNOWN_INVOCABLE' | 'REQUIREMENT_CYCLE';

export class DmnModelError extends Error {
  constructor(readonly code: DmnModelErrorCode, message: string) {
    super(message);
    this.name = 'DmnModelError';
  }
}

export class DmnEvaluationError extends Error {
  constructor(readonly code: DmnEvaluationErrorCode, message: string) {
    super(message);
    this.name = 'DmnEvaluationError';
  }
}
