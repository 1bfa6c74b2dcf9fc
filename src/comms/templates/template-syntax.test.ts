import { describe, expect, it } from 'vitest';
import { MissingVariableError, renderText, TemplateSyntaxError, variablesOf } from './template-syntax.ts';

describe('the template language', () => {
  it('lists the variables a text uses, dotted paths included', () => {
    expect(variablesOf('Hello {{ customer.name }}, your {{product_name}} ({{ product_name }})')).toEqual(['customer.name', 'product_name']);
  });

  it('refuses malformed placeholders', () => {
    expect(() => variablesOf('Hello {{ customer name }}')).toThrow(TemplateSyntaxError);
    expect(() => variablesOf('Hello {{ name')).toThrow(TemplateSyntaxError);
  });

  it('escapes values in HTML and leaves them as they are in text', () => {
    const values = { name: 'Tom & <b>Jerry</b> "x"' };
    expect(renderText('<p>{{name}}</p>', values, 'html')).toBe('<p>Tom &amp; &lt;b&gt;Jerry&lt;/b&gt; &quot;x&quot;</p>');
    expect(renderText('Hi {{name}}', values, 'text')).toBe('Hi Tom & <b>Jerry</b> "x"');
  });

  it('renders nested values and refuses a missing one instead of leaving a gap', () => {
    expect(renderText('{{customer.name}}', { customer: { name: 'Ann' } }, 'text')).toBe('Ann');
    expect(() => renderText('{{offer}}', {}, 'text')).toThrow(MissingVariableError);
  });

  it("lets a value that ends its own sentence take the template's full stop (issue 11: no \"..\")", () => {
    expect(renderText('Reason: {{reason}}. Do not eat it.', { reason: 'Listeria found.' }, 'text')).toBe('Reason: Listeria found. Do not eat it.');
    expect(renderText('<p>Reason: {{reason}}.</p>', { reason: 'Is it safe?' }, 'html')).toBe('<p>Reason: Is it safe?</p>');
    expect(renderText('Reason: {{reason}}.', { reason: 'Listeria found' }, 'text')).toBe('Reason: Listeria found.');
    expect(renderText('Wait {{x}}...', { x: 'here.' }, 'text')).toBe('Wait here....');
  });
});
