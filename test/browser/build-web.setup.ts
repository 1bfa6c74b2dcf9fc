import { ensureWebBuilt } from '../../scripts/build-web.ts';

/**
 * Before any test: build the console and public pages if web/ changed since the last build,
 * so `npm test` on a fresh clone serves what the browser tests drive.
 */
export default function buildWeb(): void {
  ensureWebBuilt();
}
