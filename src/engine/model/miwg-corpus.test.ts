import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpus } from '../../../test/corpora.ts';
import { decodeXml } from './decode-xml.ts';
import { locateProblems } from './element-problems.ts';
import { ModelRefusedError, readBpmn } from './read-bpmn.ts';

/**
 * Every BPMN MIWG reference model reads: the drawings (no executable process) are read for
 * viewing, with what cannot run listed per element and line; the models with an executable
 * process either deploy or are refused with every reason, each naming its element. The
 * expectation below is the list. No file may fail at the parser.
 */
type Expected =
  | { viewable: true; cannotRun: RegExp | 'nothing' }
  | { refused: RegExp };

const viewable = (cannotRun: RegExp | 'nothing'): Expected => ({ viewable: true, cannotRun });
const refused = (reason: RegExp): Expected => ({ refused: reason });

const EXPECTED: Record<string, Expected> = {
  'A.1.0.bpmn': viewable('nothing'),
  'A.2.0.bpmn': viewable('nothing'),
  'A.2.1.bpmn': viewable(/unsupported condition language http:\/\/www\.w3\.org\/1999\/XPath/),
  'A.3.0.bpmn': viewable(/message event at .* references no <message>/),
  'A.4.0.bpmn': viewable('nothing'),
  'A.4.1.bpmn': viewable('nothing'),
  // GlobalTask and GlobalUserTask are read and kept; the call activities calling them cannot run.
  'B.1.0.bpmn': viewable(/unsupported element bpmn:CallActivity at _fa3a8e53/),
  // Conditional catch and boundary events run (decision 023); a conditional start event does not.
  'B.2.0.bpmn': viewable(/conditional event at .*\("Start Event 4 Conditional"\) is not supported there/),
  // One executable pool next to a documentation-only pool: only the executable one is judged.
  // Its JUEL conditions (${approved}, ${!approved}, ${clarified == 'yes'}) translate (decision 023).
  'C.1.0.bpmn': refused(/^(?![\s\S]*condition)[\s\S]*names no action/),
  'C.1.1.bpmn': refused(/invalid FEEL condition at invoiceApproved/),
  'C.2.0.bpmn': viewable('nothing'),
  'C.3.0.bpmn': refused(/invalid FEEL condition at .*"Service Level == 'Premium'"/),
  'C.4.0.bpmn': viewable(/unsupported element bpmn:SignalEventDefinition/),
  'C.5.0.bpmn': viewable(/unsupported element bpmn:CallActivity/),
  'C.6.0.bpmn': viewable(/unsupported element bpmn:CompensateEventDefinition/),
  'C.7.0.bpmn': viewable(/unsupported element bpmn:MultiInstanceLoopCharacteristics/),
  'C.8.0.bpmn': viewable(/bpmn:SendTask at .* names no action/),
  'C.8.1.bpmn': refused(/bpmn:BusinessRuleTask at .* names no decision/),
  'C.9.0.bpmn': refused(/unsupported element bpmn:CallActivity at Activity_ManualCheck/),
  'C.9.1.bpmn': refused(/bpmn:SendTask at SendTask_RequestDocument .* names no action/),
  'C.9.2.bpmn': refused(/unsupported element bpmn:CallActivity at CallActivity_RequestDocument/),
};

const read = (file: string) => decodeXml(readFileSync(corpus('bpmn-miwg', file)));

async function outcomeOf(xml: string) {
  return readBpmn(xml).then(
    (result) => ({ read: true as const, result }),
    (error: unknown) => ({ read: false as const, error }),
  );
}

describe('BPMN MIWG reference models (corpora/bpmn-miwg)', () => {
  const files = readdirSync(corpus('bpmn-miwg')).filter((f) => f.endsWith('.bpmn')).sort();

  it('covers every file of the corpus', () => {
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const file of files) {
    const expected = EXPECTED[file]!;
    it(`${file}: ${'viewable' in expected ? 'read for viewing' : 'refused with its reasons'}, each named by element and line`, async () => {
      const xml = read(file);
      const outcome = await outcomeOf(xml);
      if (!outcome.read) expect(outcome.error).toBeInstanceOf(ModelRefusedError);
      const problems = outcome.read ? outcome.result.cannotRun : (outcome.error as ModelRefusedError).problems;
      // Nothing at the parser level: the file is BPMN, and every element of it was understood.
      for (const problem of problems) expect(problem).not.toMatch(/^(not a BPMN 2\.0 document|unreadable content)/);
      for (const located of locateProblems(xml, problems)) {
        expect(located.elementId, located.problem).toMatch(/\S/);
        expect(located.line, located.problem).toBeGreaterThan(0);
        // The line is where that element's start tag is written.
        expect(xml.split('\n')[located.line! - 1]).toContain(`id="${located.elementId}"`);
      }
      if ('viewable' in expected) {
        expect(outcome.read, String(outcome.read ? '' : outcome.error)).toBe(true);
        if (!outcome.read) return;
        // Reference models are drawn, not executable: read for viewing, not startable.
        expect(outcome.result.model.executable).toBe(false);
        if (expected.cannotRun === 'nothing') expect(problems).toEqual([]);
        else expect(problems.join('\n')).toMatch(expected.cannotRun);
      } else {
        expect(outcome.read).toBe(false);
        expect(problems.join('\n')).toMatch(expected.refused);
      }
    });
  }

  it('parses GlobalTask and GlobalUserTask without calling them unsupported', async () => {
    const problems = [];
    for (const file of ['B.1.0.bpmn', 'B.2.0.bpmn']) {
      const xml = read(file);
      expect(xml).toMatch(/<semantic:global(User)?Task /);
      const outcome = await outcomeOf(xml);
      expect(outcome.read).toBe(true);
      if (outcome.read) problems.push(...outcome.result.cannotRun);
    }
    expect(problems.join('\n')).not.toMatch(/bpmn:Global\w*Task/);
  });

  it('refuses a collaboration with several executable pools naming every pool, not deploying the first alone', async () => {
    const bothExecutable = read('A.4.1.bpmn').replaceAll('isExecutable="false"', 'isExecutable="true"');
    const outcome = await outcomeOf(bothExecutable);
    expect(outcome.read).toBe(false);
    const message = (outcome as { error: ModelRefusedError }).error.problems.join('\n');
    expect(message).toMatch(/2 executable processes in one file: pool sid-66751F1E-EEB9-4BA7-9FDA-7965A1CA9CD1 .* runs process sid-34746A54-1D7D-46CA-B219-0C4CEAE51170.*; pool sid-7E61DCD0-0700-4828-8A28-CD65132273D7 .* runs process sid-54D696FD-DEDC-45F3-99DB-1404DA433FC4/);
  });

  it('reads the one executable pool of a collaboration, ignores vendor content and valid non-flow elements, and lists what cannot run in the documentation-only pool', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:acme="https://acme.example/bpmn" id="d" targetNamespace="https://example.com">
  <bpmn:extension definition="acme:Audit" mustUnderstand="false"/>
  <bpmn:globalUserTask id="approve" name="Approve"/>
  <bpmn:collaboration id="c">
    <bpmn:participant id="runs" name="Runs" processRef="p1">
      <bpmn:participantMultiplicity minimum="1" maximum="3"/>
    </bpmn:participant>
    <bpmn:participant id="documents" name="Partner" processRef="p2"/>
  </bpmn:collaboration>
  <bpmn:process id="p1" isExecutable="true">
    <bpmn:extensionElements><acme:audit level="high"><acme:note>vendor text</acme:note></acme:audit></bpmn:extensionElements>
    <bpmn:startEvent id="s1"><bpmn:extensionElements><acme:colour>red</acme:colour></bpmn:extensionElements></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="s1" targetRef="e1"/>
    <bpmn:endEvent id="e1"/>
  </bpmn:process>
  <bpmn:process id="p2" isExecutable="false">
    <bpmn:startEvent id="s2"/>
    <bpmn:sequenceFlow id="f2" sourceRef="s2" targetRef="script"/>
    <bpmn:scriptTask id="script" name="Partner's script"/>
  </bpmn:process>
</bpmn:definitions>`;
    const outcome = await outcomeOf(xml);
    expect(outcome.read, String(outcome.read || (outcome.error as Error).message)).toBe(true);
    if (!outcome.read) return;
    expect(outcome.result.model).toMatchObject({ processId: 'p1', executable: true });
    expect(locateProblems(xml, outcome.result.cannotRun)).toEqual([
      { elementId: 'script', line: 20, problem: expect.stringMatching(/^unsupported element bpmn:ScriptTask at script \("Partner's script"\)/) },
    ]);
  });

  it('names the line of content the parser cannot read: listed for a drawing, a reason to refuse an executable model', async () => {
    const model = (executable: boolean) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="https://example.com">
  <bpmn:process id="p" isExecutable="${executable}">
    <bpmn:startEvent id="s"/>
    <bpmn:inventedTask id="t"/>
  </bpmn:process>
</bpmn:definitions>`;
    const drawing = await outcomeOf(model(false));
    expect(drawing.read).toBe(true);
    if (drawing.read) expect(drawing.result.cannotRun).toEqual([expect.stringMatching(/^unreadable content at line 5: unparsable content <bpmn:inventedTask>/)]);
    const executable = await outcomeOf(model(true));
    expect(executable.read).toBe(false);
    if (!executable.read) {
      const problems = (executable.error as ModelRefusedError).problems;
      expect(locateProblems(model(true), problems)).toEqual([{ elementId: null, line: 5, problem: expect.stringMatching(/^unreadable content at line 5: /) }]);
    }
  });
});
