// Entry for @vscode/test-electron's `extensionTestsPath` (npm run test:vscode): the same in-host
// suite, run inside a downloaded desktop VS Code; throws when a case fails.
import { runSuite } from './suite.js';

export async function run(): Promise<void> {
  const results = await runSuite((l) => console.log(l));
  const failed = results.filter((r) => !r.ok);
  console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
  if (failed.length) throw new Error(`${failed.length} in-host check(s) failed: ${failed.map((f) => f.name).join('; ')}`);
}
