import { FeelFunction, isFunction } from './feelin-patched/index.js';
import { compileDecisionTable } from './decision-table.ts';
import { DmnModelError } from './errors.ts';
import { compileExpression } from './feel-cache.ts';
import { conform } from './item-types.ts';
import type { CompileScope, Evaluator } from './model.ts';
import type {
  MContext, MDecisionTable, MExpression, MFunctionDefinition, MInvocation, MList, MLiteralExpression, MRelation,
} from './moddle-types.ts';
import { isFeelLanguage } from './namespaces.ts';
import { addError, type FeelVars } from './trace.ts';

/**
 * Compiles a DMN boxed expression (the logic of a decision, the body of a BKM, a context
 * entry…) into an Evaluator. Supported: literal expression, decision table, context,
 * invocation, list, relation and FEEL function definition — the DMN 1.3 set that
 * compliance level 2 and 3 models use. Anything else is refused when the model is read.
 */
const localName = (type: string) => type.replace(/^dmn:/, '').replace(/^./, (c) => c.toLowerCase());

export function unsupported(expression: MExpression, scope: CompileScope, why = 'is not supported'): DmnModelError {
  return new DmnModelError('UNSUPPORTED_ELEMENT', `${scope.where}: <${localName(expression.$type)}>${expression.id ? ` (id ${expression.id})` : ''} ${why}`);
}

function literal(expression: MLiteralExpression, scope: CompileScope): Evaluator {
  if (!isFeelLanguage(expression.expressionLanguage)) throw unsupported(expression, scope, `uses expression language ${expression.expressionLanguage}; only FEEL is supported`);
  if (expression.importedValues) throw unsupported(expression, scope, 'uses importedValues, which are not supported');
  const compiled = compileExpression(expression.text ?? '', scope.names, scope.where);
  return (vars, trace) => compiled.evaluate(vars, trace);
}

function context(expression: MContext, scope: CompileScope): Evaluator {
  const names: FeelVars = { ...scope.names };
  const entries = (expression.contextEntry ?? []).map((entry, i) => {
    const name = entry.variable?.name;
    if (!entry.value) throw new DmnModelError('INVALID_MODEL', `${scope.where}: context entry ${name ?? i + 1} has no value expression`);
    const evaluator = compileBoxed(entry.value, { ...scope, names: { ...names }, where: `${scope.where} context entry '${name ?? 'result'}'` });
    if (name) names[name] = null;
    return { name, type: scope.types.resolve(entry.variable?.typeRef), evaluator };
  });
  return (vars, trace) => {
    const local: FeelVars = { ...vars };
    const result: FeelVars = {};
    for (const entry of entries) {
      let value = entry.evaluator(local, trace);
      if (entry.name === undefined) return value;
      const checked = conform(value, entry.type);
      if (!checked.ok) addError(trace, `${scope.where} context entry '${entry.name}': ${checked.reason}`);
      value = checked.ok ? checked.value : null;
      local[entry.name] = value;
      result[entry.name] = value;
    }
    return result;
  };
}

function invocation(expression: MInvocation, scope: CompileScope): Evaluator {
  if (!expression.calledFunction) throw new DmnModelError('INVALID_MODEL', `${scope.where}: invocation has no called function`);
  const callee = compileBoxed(expression.calledFunction, scope);
  const bindings = (expression.binding ?? []).map((binding, i) => {
    const name = binding.parameter?.name;
    if (!name) throw new DmnModelError('INVALID_MODEL', `${scope.where}: binding ${i + 1} of the invocation names no parameter`);
    const formula = binding.bindingFormula ? compileBoxed(binding.bindingFormula, { ...scope, where: `${scope.where} binding '${name}'` }) : () => null;
    return { name, formula };
  });
  return (vars, trace) => {
    const target = callee(vars, trace);
    if (!isFunction(target)) {
      addError(trace, `${scope.where}: invoked ${String((expression.calledFunction as MLiteralExpression).text ?? 'expression')} is not a function`);
      return null;
    }
    const args = new Map(bindings.map((binding) => [binding.name, binding.formula(vars, trace)]));
    const unknown = [...args.keys()].filter((name) => !target.parameterNames.includes(name));
    if (unknown.length > 0) {
      addError(trace, `${scope.where}: the invoked function has no parameter ${unknown.join(', ')} (it takes ${target.parameterNames.join(', ')})`);
      return null;
    }
    return target.fn(...target.parameterNames.map((name) => args.get(name) ?? null));
  };
}

function list(expression: MList, scope: CompileScope): Evaluator {
  const elements = (expression.elements ?? []).map((element, i) => compileBoxed(element, { ...scope, where: `${scope.where} list item ${i + 1}` }));
  return (vars, trace) => elements.map((element) => element(vars, trace));
}

function relation(expression: MRelation, scope: CompileScope): Evaluator {
  const columns = (expression.column ?? []).map((column) => column.name ?? '');
  const rows = (expression.row ?? []).map((row, r) => {
    const cells = row.elements ?? [];
    if (cells.length !== columns.length) throw new DmnModelError('INVALID_MODEL', `${scope.where}: relation row ${r + 1} has ${cells.length} cells for ${columns.length} columns`);
    return cells.map((cell, c) => compileBoxed(cell, { ...scope, where: `${scope.where} relation row ${r + 1} '${columns[c]}'` }));
  });
  return (vars, trace) => rows.map((cells) => Object.fromEntries(cells.map((cell, c) => [columns[c], cell(vars, trace)])));
}

function functionDefinition(expression: MFunctionDefinition, scope: CompileScope): Evaluator {
  if (expression.kind && expression.kind !== 'FEEL') throw unsupported(expression, scope, `is a ${expression.kind} function; only FEEL functions are supported`);
  const parameters = (expression.formalParameter ?? []).map((parameter) => ({ name: parameter.name ?? '', type: scope.types.resolve(parameter.typeRef) }));
  const names = { ...scope.names, ...Object.fromEntries(parameters.map((parameter) => [parameter.name, null])) };
  const body = expression.body ? compileBoxed(expression.body, { ...scope, names }) : () => null;
  return (vars, trace) =>
    new FeelFunction((...args: unknown[]) => {
      const local: FeelVars = { ...vars };
      parameters.forEach((parameter, i) => {
        const checked = conform(args[i] ?? null, parameter.type);
        if (!checked.ok) addError(trace, `${scope.where} parameter '${parameter.name}': ${checked.reason}`);
        local[parameter.name] = checked.ok ? checked.value : null;
      });
      return body(local, trace);
    }, parameters.map((parameter) => parameter.name));
}

export function compileBoxed(expression: MExpression, scope: CompileScope): Evaluator {
  switch (expression.$type) {
    case 'dmn:LiteralExpression': return literal(expression as MLiteralExpression, scope);
    case 'dmn:DecisionTable': return compileDecisionTable(expression as MDecisionTable, scope);
    case 'dmn:Context': return context(expression as MContext, scope);
    case 'dmn:Invocation': return invocation(expression as MInvocation, scope);
    case 'dmn:List': return list(expression as MList, scope);
    case 'dmn:Relation': return relation(expression as MRelation, scope);
    case 'dmn:FunctionDefinition': return functionDefinition(expression as MFunctionDefinition, scope);
    default: throw unsupported(expression, scope);
  }
}
