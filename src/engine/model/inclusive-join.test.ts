import { describe, expect, it } from 'vitest';
import { ModelRefusedError, readBpmn } from './read-bpmn.ts';

const model = (join: 'inclusiveGateway' | 'parallelGateway') => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="urn:test">
  <process id="p" isExecutable="true">
    <startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="split"/>
    <inclusiveGateway id="split" default="fb"/>
    <sequenceFlow id="fa" sourceRef="split" targetRef="a"><conditionExpression>x > 1</conditionExpression></sequenceFlow>
    <sequenceFlow id="fb" sourceRef="split" targetRef="b"/>
    <userTask id="a"/><userTask id="b"/>
    <sequenceFlow id="fa2" sourceRef="a" targetRef="join"/><sequenceFlow id="fb2" sourceRef="b" targetRef="join"/>
    <${join} id="join"/><sequenceFlow id="f9" sourceRef="join" targetRef="e"/><endEvent id="e"/>
  </process>
</definitions>`;

describe('inclusive gateways', () => {
  it('refuses one that joins branches, naming it and the pattern to use instead', async () => {
    const refused = await readBpmn(model('inclusiveGateway')).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ModelRefusedError);
    expect(String((refused as Error).message)).toMatch(/converging inclusive gateway at join .*parallel gateway/);
  });

  it('accepts one that only splits', async () => {
    await expect(readBpmn(model('parallelGateway'))).resolves.toBeDefined();
  });
});
