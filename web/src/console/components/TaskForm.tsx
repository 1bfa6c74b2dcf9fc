import { Form } from '@bpmn-io/form-js';
import '@bpmn-io/form-js/dist/assets/form-js.css';
import { useEffect, useRef } from 'react';

export interface TaskFormHandle {
  /** Validates in the browser (form-js marks the fields); the data when valid, undefined otherwise. */
  submit(): Record<string, unknown> | undefined;
}

/**
 * A user task's form, drawn by the form-js viewer from the schema the API sends. Loaded
 * on demand (React.lazy), so only the task screen carries form-js. The server checks the
 * same rules again when the task is completed.
 */
export default function TaskForm({ schema, data, readOnly, onReady }: { schema: object; data: Record<string, unknown>; readOnly: boolean; onReady(handle: TaskFormHandle | undefined): void }) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const form = new Form({ container: container.current! });
    let active = true;
    void form.importSchema(schema as never, data).then(() => {
      if (!active) return;
      form.setProperty('readOnly', readOnly);
      onReady({
        submit() {
          const result = form.submit();
          return Object.keys(result.errors).length ? undefined : (result.data as Record<string, unknown>);
        },
      });
    });
    return () => {
      active = false;
      onReady(undefined);
      form.destroy();
    };
  }, [schema, data, readOnly, onReady]);
  return <div ref={container} className="task-form" />;
}
