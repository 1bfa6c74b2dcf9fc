/**
 * A new process: executable, one start event, drawn. Its id is random until the designer
 * names it in the properties panel (the id is the key every version is deployed under).
 */
export function emptyProcessXml(name: string): string {
  const id = `process_${Math.random().toString(36).slice(2, 8)}`;
  const escaped = name.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:rebound="https://rebound.dev/schema/bpmn/1.0" id="${id}-definitions" targetNamespace="https://rebound.dev/processes">
  <bpmn:process id="${id}" name="${escaped}" isExecutable="true">
    <bpmn:startEvent id="start" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="${id}-diagram">
    <bpmndi:BPMNPlane id="${id}-plane" bpmnElement="${id}">
      <bpmndi:BPMNShape id="start_di" bpmnElement="start">
        <dc:Bounds x="180" y="160" width="36" height="36" />
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}
