import { describe, expect, it } from 'vitest';
import { consoleFirstScreenSize } from '../../scripts/console-size.ts';

// The global setup built web/dist (test/browser/build-web.setup.ts); its manifest says what each screen loads.
describe("the console's first screens", () => {
  it('load under 300 kB of JavaScript (gzip): sign-in, and the home page after it', () => {
    const size = consoleFirstScreenSize();
    expect(size.signInGzipBytes).toBeLessThan(300 * 1024);
    expect(size.homeGzipBytes).toBeLessThan(300 * 1024);
  });

  it('leave the modeler, the decision editor, form-js and the charts to the pages that use them', () => {
    const { files } = consoleFirstScreenSize();
    for (const heavy of [/BpmnEditor/, /DmnEditor/, /TaskForm/, /ChartCanvas/]) {
      expect(files.home.filter((file) => heavy.test(file))).toEqual([]);
    }
  });
});
