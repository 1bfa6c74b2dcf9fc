import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { corpus } from '../../test/corpora.ts';
import { decodeXml } from './model/decode-xml.ts';

// Every MIWG reference model through the deploy route, as a modeler's export arrives: the
// drawings are stored for viewing (the modeler and the instance viewer open them) with what
// cannot run listed per element and line, and cannot be started; the executable ones that
// cannot run are refused with every element named with its line. None is refused for being
// unreadable.
describe('POST /api/processes with the BPMN MIWG reference models', () => {
  let t: TestApp;
  let designer: string;
  let manager: string;
  beforeAll(async () => {
    t = await startTestApp({ ENGINE_POLL_MS: '60000' });
    designer = await t.login(['designer']);
    manager = await t.login(['manager']);
  });
  afterAll(async () => t.close());

  const files = readdirSync(corpus('bpmn-miwg')).filter((f) => f.endsWith('.bpmn')).sort();

  it('stores every drawing for viewing and refuses every executable model it cannot run, naming each element and its line', async () => {
    const outcomes: Record<string, string> = {};
    for (const file of files) {
      const xml = decodeXml(readFileSync(corpus('bpmn-miwg', file)));
      const response = await t.app.inject({ method: 'POST', url: '/api/processes', headers: { cookie: designer, 'content-type': 'application/xml' }, payload: xml });
      const body = response.json();
      const lines = xml.split('\n');
      if (response.statusCode === 201) {
        expect(body.executable, file).toBe(false);
        outcomes[file] = `viewable, ${body.cannotRun.length} elements cannot run`;
        for (const item of body.cannotRun) expect(lines[item.line - 1], `${file}: ${item.problem}`).toContain(`id="${item.elementId}"`);
        const version = await t.app.inject({ method: 'GET', url: `/api/processes/${encodeURIComponent(body.processId)}/versions/${body.version}`, headers: { cookie: manager } });
        expect(version.statusCode, file).toBe(200);
        expect(version.json(), file).toMatchObject({ executable: false, cannotRun: body.cannotRun });
        expect(version.json().xml, file).toBe(xml);
        const start = await t.app.inject({ method: 'POST', url: `/api/processes/${encodeURIComponent(body.processId)}/instances`, headers: { cookie: manager }, payload: {} });
        expect(start.statusCode, file).toBe(409);
        expect(start.json().detail, file).toMatch(/is not executable/);
      } else {
        expect(response.statusCode, `${file}: ${response.body}`).toBe(422);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(body.detail, file).not.toMatch(/unreadable content|not a BPMN 2\.0 document/);
        outcomes[file] = `refused, ${body.elements.length} elements cannot run`;
        expect(body.elements.length, file).toBe(body.problems.length);
        for (const item of body.elements) expect(lines[item.line - 1], `${file}: ${item.problem}`).toContain(`id="${item.elementId}"`);
      }
    }
    expect(Object.entries(outcomes).filter(([, outcome]) => outcome.startsWith('viewable')).map(([file]) => file)).toEqual([
      'A.1.0.bpmn', 'A.2.0.bpmn', 'A.2.1.bpmn', 'A.3.0.bpmn', 'A.4.0.bpmn', 'A.4.1.bpmn', 'B.1.0.bpmn', 'B.2.0.bpmn',
      'C.2.0.bpmn', 'C.4.0.bpmn', 'C.5.0.bpmn', 'C.6.0.bpmn', 'C.7.0.bpmn', 'C.8.0.bpmn',
    ]);
    console.log(`MIWG deploys\n${Object.entries(outcomes).map(([file, outcome]) => `${file.padEnd(12)} ${outcome}`).join('\n')}`);
  });
});
