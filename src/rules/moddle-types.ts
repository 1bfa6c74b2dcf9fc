/**
 * The shape of the object graph dmn-moddle returns for DMN 1.3 (only the properties the
 * engine reads). dmn-moddle builds these objects dynamically, so parse.ts casts its root
 * element to `MDefinitions` once and everything else reads through these types.
 */
export interface MElement {
  $type: string;
  id?: string;
  name?: string;
  label?: string;
}
export interface MReference {
  href?: string;
}
export interface MInformationItem extends MElement {
  typeRef?: string;
}
export interface MUnaryTests extends MElement {
  text?: string;
  expressionLanguage?: string;
}
export interface MExpression extends MElement {
  typeRef?: string;
}
export interface MLiteralExpression extends MExpression {
  text?: string;
  expressionLanguage?: string;
  importedValues?: MElement;
}
export interface MInputClause extends MElement {
  inputExpression?: MLiteralExpression;
  inputValues?: MUnaryTests;
}
export interface MOutputClause extends MElement {
  typeRef?: string;
  outputValues?: MUnaryTests;
  defaultOutputEntry?: MLiteralExpression;
}
export interface MDecisionRule extends MElement {
  inputEntry?: MUnaryTests[];
  outputEntry?: MLiteralExpression[];
}
export interface MDecisionTable extends MExpression {
  hitPolicy?: string;
  aggregation?: string;
  input?: MInputClause[];
  output?: MOutputClause[];
  rule?: MDecisionRule[];
}
export interface MContextEntry extends MElement {
  variable?: MInformationItem;
  value?: MExpression;
}
export interface MContext extends MExpression {
  contextEntry?: MContextEntry[];
}
export interface MBinding {
  parameter?: MInformationItem;
  bindingFormula?: MExpression;
}
export interface MInvocation extends MExpression {
  calledFunction?: MExpression;
  binding?: MBinding[];
}
export interface MList extends MExpression {
  elements?: MExpression[];
}
export interface MRelation extends MExpression {
  column?: MInformationItem[];
  row?: MList[];
}
export interface MFunctionDefinition extends MExpression {
  formalParameter?: MInformationItem[];
  body?: MExpression;
  kind?: string;
}
export interface MInformationRequirement extends MElement {
  requiredDecision?: MReference;
  requiredInput?: MReference;
}
export interface MKnowledgeRequirement extends MElement {
  requiredKnowledge?: MReference;
}
export interface MDecision extends MElement {
  variable?: MInformationItem;
  informationRequirement?: MInformationRequirement[];
  knowledgeRequirement?: MKnowledgeRequirement[];
  decisionLogic?: MExpression;
}
export interface MInputData extends MElement {
  variable?: MInformationItem;
}
export interface MBusinessKnowledgeModel extends MElement {
  variable?: MInformationItem;
  encapsulatedLogic?: MFunctionDefinition;
  knowledgeRequirement?: MKnowledgeRequirement[];
}
export interface MDecisionService extends MElement {
  variable?: MInformationItem;
  outputDecision?: MReference[];
  encapsulatedDecision?: MReference[];
  inputDecision?: MReference[];
  inputData?: MReference[];
}
export interface MItemDefinition extends MElement {
  typeRef?: string;
  allowedValues?: MUnaryTests;
  itemComponent?: MItemDefinition[];
  isCollection?: boolean;
  functionItem?: MElement;
}
export interface MDefinitions extends MElement {
  namespace?: string;
  expressionLanguage?: string;
  import?: MElement[];
  itemDefinition?: MItemDefinition[];
  drgElement?: MElement[];
}
