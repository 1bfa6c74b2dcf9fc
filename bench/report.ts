/** One measured figure next to its baseline from the same run. */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  baseline: string;
  baselineValue: number;
  /** True when a larger value is better (rates); false for latencies. */
  higherIsBetter?: boolean;
}

export function printFigures(title: string, figures: BenchFigure[]): void {
  console.log(`\n${title}`);
  for (const f of figures) {
    const ratio = f.value / f.baselineValue;
    console.log(
      `  ${f.name}: ${format(f.value)} ${f.unit}  |  baseline ${f.baseline}: ${format(f.baselineValue)} ${f.unit}  |  ratio ${ratio.toFixed(2)}`,
    );
  }
}

const format = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en') : n.toFixed(2));
