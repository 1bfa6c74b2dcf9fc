/**
 * Checks data submitted to complete a user task against its form-js schema, the same
 * rules the form-js viewer applies in the browser — so an API client cannot skip them:
 * required, value type per component, min/max, minLength/maxLength, pattern, and the
 * options of select, radio, checklist and taglist.
 */
export interface FormComponent {
  type: string;
  key?: string;
  label?: string;
  path?: string;
  components?: FormComponent[];
  values?: { label?: string; value: unknown }[];
  validate?: { required?: boolean; min?: number; max?: number; minLength?: number; maxLength?: number; pattern?: string; validationType?: 'email' | 'phone' };
}

export interface FormSchema {
  id?: string;
  type?: string;
  components: FormComponent[];
}

export interface FieldError {
  field: string;
  message: string;
}

const DISPLAY_ONLY = new Set(['text', 'html', 'image', 'spacer', 'separator', 'button', 'iframe', 'table']);
const CONTAINERS = new Set(['group', 'dynamiclist', 'default']);

function fieldsOf(components: readonly FormComponent[]): FormComponent[] {
  return components.flatMap((c) => (CONTAINERS.has(c.type) && c.components ? fieldsOf(c.components) : DISPLAY_ONLY.has(c.type) || !c.key ? [] : [c]));
}

const isEmpty = (value: unknown) => value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
const describe = (value: unknown) => JSON.stringify(value);

export function validateFormData(schema: FormSchema, data: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of fieldsOf(schema.components ?? [])) {
    const key = field.key!;
    const value = data[key];
    const rules = field.validate ?? {};
    const fail = (message: string) => errors.push({ field: key, message });
    if (isEmpty(value)) {
      if (rules.required) fail(`${field.label ?? key} is required`);
      continue;
    }
    const options = field.values?.map((v) => v.value);
    switch (field.type) {
      case 'number': {
        if (typeof value !== 'number' || !Number.isFinite(value)) {
          fail(`must be a number, not ${describe(value)}`);
          break;
        }
        if (rules.min !== undefined && value < rules.min) fail(`must be at least ${rules.min}`);
        if (rules.max !== undefined && value > rules.max) fail(`must be at most ${rules.max}`);
        break;
      }
      case 'checkbox':
        if (typeof value !== 'boolean') fail(`must be true or false, not ${describe(value)}`);
        break;
      case 'checklist':
      case 'taglist':
        if (!Array.isArray(value)) fail(`must be a list, not ${describe(value)}`);
        else if (options) for (const item of value) if (!options.includes(item)) fail(`${describe(item)} is not one of ${options.map(describe).join(', ')}`);
        break;
      case 'select':
      case 'radio':
        if (options && !options.includes(value)) fail(`${describe(value)} is not one of ${options.map(describe).join(', ')}`);
        break;
      case 'datetime':
        if (typeof value !== 'string' || Number.isNaN(Date.parse(value.length === 5 ? `1970-01-01T${value}` : value))) fail(`must be a date or time, not ${describe(value)}`);
        break;
      default: {
        if (typeof value !== 'string') {
          fail(`must be text, not ${describe(value)}`);
          break;
        }
        if (rules.minLength !== undefined && value.length < rules.minLength) fail(`must be at least ${rules.minLength} characters`);
        if (rules.maxLength !== undefined && value.length > rules.maxLength) fail(`must be at most ${rules.maxLength} characters`);
        if (rules.pattern && !new RegExp(rules.pattern).test(value)) fail(`does not match the pattern ${rules.pattern}`);
        if (rules.validationType === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) fail('is not an e-mail address');
      }
    }
  }
  return errors;
}

/** Checks a form schema is readable before it is deployed; returns the problems. */
export function formSchemaProblems(schema: unknown): string[] {
  if (typeof schema !== 'object' || schema === null) return ['a form is a JSON object'];
  const form = schema as Partial<FormSchema>;
  if (typeof form.id !== 'string' || !form.id) return ['a form needs an "id" (its key)'];
  if (!Array.isArray(form.components)) return ['a form needs "components"'];
  const problems: string[] = [];
  for (const field of fieldsOf(form.components)) {
    if (field.validate?.pattern) {
      try {
        new RegExp(field.validate.pattern);
      } catch {
        problems.push(`field ${field.key}: invalid pattern ${field.validate.pattern}`);
      }
    }
  }
  return problems;
}
