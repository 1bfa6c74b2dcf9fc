/**
 * The views of one list ("mine", "my groups"…) as a row of toggle buttons: the chosen view
 * lives in the address like the list's filters, so it survives reloads and back buttons.
 */
export function ViewTabs<View extends string>({ label, views, value, onChange }: { label: string; views: { value: View; label: string }[]; value: View; onChange(view: View): void }) {
  return (
    <div className="segmented view-tabs" role="group" aria-label={label}>
      {views.map((view) => (
        <button key={view.value} type="button" aria-pressed={value === view.value} onClick={() => onChange(view.value)}>
          {view.label}
        </button>
      ))}
    </div>
  );
}
