import type { ModdleElement } from 'bpmn-moddle';

/**
 * Rebound reads a few attributes that BPMN itself has no place for (the action a service
 * task calls, a user task's form, roles and due time). They live in Rebound's namespace;
 * the Camunda 7 spellings that modelers already write (camunda:formKey, camunda:assignee,
 * camunda:candidateGroups, camunda:dueDate, camunda:priority) are read too. Prefixes are
 * whatever the file declares, so attributes are matched by namespace URI.
 */
export const REBOUND_NS = 'https://rebound.dev/schema/bpmn/1.0';
export const CAMUNDA_NS = 'http://camunda.org/schema/1.0/bpmn';

export type NamespacePrefixes = ReadonlyMap<string, string[]>;

/** Namespace URI → the prefixes declared for it on <definitions>. */
export function namespacePrefixes(definitions: ModdleElement): NamespacePrefixes {
  const map = new Map<string, string[]>();
  for (const [name, uri] of Object.entries(definitions.$attrs ?? {})) {
    if (!name.startsWith('xmlns:')) continue;
    map.set(uri, [...(map.get(uri) ?? []), name.slice('xmlns:'.length)]);
  }
  return map;
}

export function extensionAttribute(element: ModdleElement, prefixes: NamespacePrefixes, namespace: string, name: string): string | undefined {
  const attrs = element.$attrs ?? {};
  for (const prefix of prefixes.get(namespace) ?? []) {
    const value = attrs[`${prefix}:${name}`];
    if (value !== undefined && value.trim() !== '') return value.trim();
  }
  return undefined;
}

/** A Rebound attribute, or its Camunda spelling when given. */
export function reboundOrCamunda(element: ModdleElement, prefixes: NamespacePrefixes, name: string, camundaName = name): string | undefined {
  return extensionAttribute(element, prefixes, REBOUND_NS, name) ?? extensionAttribute(element, prefixes, CAMUNDA_NS, camundaName);
}

export const splitList = (value: string | undefined): string[] =>
  (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
