import { access, constants } from 'node:fs/promises';
import { buildPortal, portalIsStale } from '../scripts/ensure-built.ts';
import { chromiumPath } from './browser.ts';

/**
 * Before the browser tests: Debian's Chromium must be there (scripts/install-system-deps.sh
 * installs it), and the portal is built when web/dist is missing or older than its sources,
 * because the platform under test serves web/dist as `npm start` does.
 */
export default async function setup() {
  await access(chromiumPath, constants.X_OK).catch(() => {
    throw new Error(
      `Chromium is not installed at ${chromiumPath}. Run \`bash scripts/install-system-deps.sh\` (Debian's chromium package), or set CHROMIUM_PATH.`,
    );
  });
  if (await portalIsStale()) {
    if (!buildPortal())
      throw new Error('The portal build failed (`npm run build -w web`); see the output above.');
  }
}
