/**
 * Every error leaves as `application/problem+json` (problem.ts), so the OpenAPI document says
 * so: a declared error response (4xx, 5xx) is documented with that media type, an operation
 * that takes input documents the 400 every input can earn (schemas and input-guard.ts), and
 * `default` covers the rest (a 500, a 503 from a dependency, a 413 from the body limit).
 * Applied to the finished document, so route schemas keep declaring `problemResponses(…)`.
 */
type Json = Record<string, unknown>;

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };

const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: PROBLEM_REF } } });

export function documentProblemResponses<T extends object>(document: T): T {
  const paths = ((document as Json).paths ?? {}) as Record<string, Record<string, Json>>;
  for (const operations of Object.values(paths)) {
    for (const operation of Object.values(operations)) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      const responses = operation.responses as Record<string, Json>;
      for (const [status, response] of Object.entries(responses)) {
        if (status !== 'default' && Number(status) < 400) continue;
        const content = response.content as Record<string, unknown> | undefined;
        // A route that answers a file (application/octet-stream) still fails with a problem document.
        if (content) response.content = { 'application/problem+json': content['application/json'] ?? { schema: PROBLEM_REF } };
      }
      const takesInput = Boolean(operation.requestBody) || (Array.isArray(operation.parameters) && operation.parameters.length > 0);
      if (takesInput && !responses['400']) responses['400'] = problemResponse('The input is invalid; `errors` names each field');
      if (!responses.default) responses.default = problemResponse('Any other failure, as RFC 9457 problem details');
    }
  }
  return document;
}
