/**
 * What the engine executes. Anything else is refused at deploy with "unsupported element X
 * at Y" rather than half-run: bpmn-elements would, for instance, run a JavaScript script
 * task inside the server or skip a compensation.
 * Default deny: a BPMN type not listed here is refused.
 */
export const SUPPORTED_BPMN_TYPES = new Set([
  'bpmn:Definitions', 'bpmn:Process', 'bpmn:Collaboration', 'bpmn:Participant', 'bpmn:MessageFlow',
  'bpmn:LaneSet', 'bpmn:Lane',
  'bpmn:StartEvent', 'bpmn:EndEvent', 'bpmn:IntermediateCatchEvent', 'bpmn:IntermediateThrowEvent', 'bpmn:BoundaryEvent',
  'bpmn:Task', 'bpmn:UserTask', 'bpmn:ManualTask', 'bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask', 'bpmn:ReceiveTask',
  'bpmn:SubProcess',
  'bpmn:ExclusiveGateway', 'bpmn:ParallelGateway', 'bpmn:InclusiveGateway', 'bpmn:EventBasedGateway',
  'bpmn:SequenceFlow', 'bpmn:FormalExpression', 'bpmn:Expression',
  'bpmn:TimerEventDefinition', 'bpmn:MessageEventDefinition', 'bpmn:ErrorEventDefinition', 'bpmn:TerminateEventDefinition',
  'bpmn:EscalationEventDefinition', 'bpmn:LinkEventDefinition',
  // Intermediate catch and boundary only; where else it may stand is checked in conditions/read-conditions.ts.
  'bpmn:ConditionalEventDefinition',
  'bpmn:Message', 'bpmn:Error', 'bpmn:Escalation', 'bpmn:Signal', 'bpmn:ItemDefinition', 'bpmn:Import',
  // Documentation and data: carried along, not executed.
  'bpmn:Documentation', 'bpmn:ExtensionElements', 'bpmn:TextAnnotation', 'bpmn:Association', 'bpmn:Group',
  'bpmn:Category', 'bpmn:CategoryValue', 'bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStore',
  'bpmn:DataStoreReference', 'bpmn:DataState', 'bpmn:DataInputAssociation', 'bpmn:DataOutputAssociation',
  'bpmn:InputOutputSpecification', 'bpmn:DataInput', 'bpmn:DataOutput', 'bpmn:InputSet', 'bpmn:OutputSet', 'bpmn:Property',
  'bpmn:Assignment', 'bpmn:Interface', 'bpmn:Operation', 'bpmn:Relationship',
  // Resource roles are read as candidates by some modelers; Rebound uses its own attributes.
  'bpmn:Resource', 'bpmn:Performer', 'bpmn:HumanPerformer', 'bpmn:PotentialOwner', 'bpmn:ResourceAssignmentExpression',
  'bpmn:ResourceRole',
]);

/**
 * Valid BPMN 2.0 that describes rather than runs: global tasks (they run only when a call
 * activity calls them, and the call activity is what gets refused), pool multiplicity,
 * conversations and choreographies, correlation and partner definitions, and the
 * <bpmn:extension> declarations tools write. Read and kept with the XML, never a reason to
 * refuse, and not walked into.
 */
export const INERT_BPMN_TYPES = new Set([
  'bpmn:GlobalTask', 'bpmn:GlobalUserTask', 'bpmn:GlobalManualTask', 'bpmn:GlobalScriptTask', 'bpmn:GlobalBusinessRuleTask',
  'bpmn:ParticipantMultiplicity', 'bpmn:ParticipantAssociation', 'bpmn:PartnerEntity', 'bpmn:PartnerRole', 'bpmn:EndPoint',
  'bpmn:Conversation', 'bpmn:SubConversation', 'bpmn:CallConversation', 'bpmn:ConversationLink', 'bpmn:ConversationAssociation',
  'bpmn:Choreography', 'bpmn:GlobalChoreographyTask', 'bpmn:GlobalConversation',
  'bpmn:CorrelationKey', 'bpmn:CorrelationProperty', 'bpmn:CorrelationPropertyRetrievalExpression', 'bpmn:CorrelationSubscription',
  'bpmn:Extension', 'bpmn:ExtensionDefinition', 'bpmn:ExtensionAttributeDefinition', 'bpmn:Auditing', 'bpmn:Monitoring', 'bpmn:Rendering',
]);

/** Why some common types are refused, appended to the message so a modeler knows what to change. */
export const REFUSAL_HINTS: Record<string, string> = {
  'bpmn:ScriptTask': 'scripts would run inside the server; use a service task calling an action',
  'bpmn:CallActivity': 'call activities are not supported yet; model the called process as a sub-process',
  'bpmn:SignalEventDefinition': 'signals are not supported; correlate a message by name and business key',
  'bpmn:CompensateEventDefinition': 'compensation is not supported',
  'bpmn:CancelEventDefinition': 'transactions and cancel events are not supported',
  'bpmn:Transaction': 'transactions and cancel events are not supported',
  'bpmn:MultiInstanceLoopCharacteristics': 'multi-instance activities are not supported yet',
  'bpmn:StandardLoopCharacteristics': 'loop activities are not supported yet; model the loop with a gateway',
  'bpmn:ComplexGateway': 'complex gateways are not supported',
};

/** Diagram interchange and foreign extension elements carry no behaviour. */
export function isIgnoredNamespace(type: string): boolean {
  return !type.startsWith('bpmn:');
}
