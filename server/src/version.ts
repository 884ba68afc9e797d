// The package's version for `leadspec --version`, SARIF and the server's info. The bundler puts
// it in from package.json (esbuild.mjs `define`); run from source (tsx), package.json is read.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

declare const LEADSPEC_BUILD_VERSION: string | undefined;

function fromSource(): string {
  try { return String(JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version); } catch { return '0.0.0-dev'; }
}

export const VERSION: string = typeof LEADSPEC_BUILD_VERSION === 'string' ? LEADSPEC_BUILD_VERSION : fromSource();
