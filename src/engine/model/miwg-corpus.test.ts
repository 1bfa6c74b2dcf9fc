import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpus } from '../../../test/corpora.ts';
import { decodeXml } from './decode-xml.ts';
import { ModelRefusedError, readBpmn } from './read-bpmn.ts';

// Every BPMN MIWG reference model is either deployable or refused with its reasons —
// never a crash. The expectation below is the list: what deploys, and why the rest do not.
const EXPECTED: Record<string, 'deployable' | RegExp> = {
  'A.1.0.bpmn': 'deployable',
  'A.2.0.bpmn': 'deployable',
  'A.2.1.bpmn': /unsupported condition language http:\/\/www\.w3\.org\/1999\/XPath/,
  'A.3.0.bpmn': /message event at .* references no <message>/,
  'A.4.0.bpmn': 'deployable',
  'A.4.1.bpmn': 'deployable',
  'B.1.0.bpmn': /unsupported element bpmn:GlobalTask at global-task/,
  'B.2.0.bpmn': /conditional event at .*\("Start Event 4 Conditional"\) is not supported there/,
  // Its JUEL conditions (${approved}, ${!approved}, ${clarified == 'yes'}) translate (decision 023).
  'C.1.0.bpmn': /^bpmn:ServiceTask at archiveInvoice .* names no action[^\n]*$/s,
  'C.1.1.bpmn': /invalid FEEL condition at invoiceApproved/,
  'C.2.0.bpmn': 'deployable',
  'C.3.0.bpmn': /invalid FEEL condition at .*"Service Level == 'Premium'"/,
  'C.4.0.bpmn': /unsupported element bpmn:SignalEventDefinition/,
  'C.5.0.bpmn': /unsupported element bpmn:CallActivity/,
  'C.6.0.bpmn': /unsupported element bpmn:CompensateEventDefinition/,
  'C.7.0.bpmn': /unsupported element bpmn:MultiInstanceLoopCharacteristics/,
  'C.8.0.bpmn': /bpmn:SendTask at .* names no action/,
  'C.8.1.bpmn': /bpmn:BusinessRuleTask at .* names no decision/,
  'C.9.0.bpmn': /unsupported element bpmn:CallActivity at Activity_ManualCheck/,
  'C.9.1.bpmn': /bpmn:SendTask at SendTask_RequestDocument .* names no action/,
  'C.9.2.bpmn': /unsupported element bpmn:CallActivity at CallActivity_RequestDocument/,
};

describe('BPMN MIWG reference models (corpora/bpmn-miwg)', () => {
  const files = readdirSync(corpus('bpmn-miwg')).filter((f) => f.endsWith('.bpmn')).sort();

  it('covers every file of the corpus', () => {
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const file of files) {
    it(`${file}: ${EXPECTED[file] === 'deployable' ? 'deployable' : 'refused with its reason'}`, async () => {
      const outcome = await readBpmn(decodeXml(readFileSync(corpus('bpmn-miwg', file)))).then(
        (read) => ({ deployable: true as const, model: read.model }),
        (error: unknown) => ({ deployable: false as const, error }),
      );
      const expected = EXPECTED[file]!;
      if (expected === 'deployable') {
        expect(outcome.deployable, String((outcome as { error?: unknown }).error)).toBe(true);
        // Reference models are drawn, not executable: deployable for reading, not startable.
        if (outcome.deployable) expect(outcome.model.executable).toBe(false);
      } else {
        expect(outcome.deployable).toBe(false);
        if (!outcome.deployable) {
          expect(outcome.error).toBeInstanceOf(ModelRefusedError);
          expect((outcome.error as ModelRefusedError).problems.join('\n')).toMatch(expected);
        }
      }
    });
  }
});
