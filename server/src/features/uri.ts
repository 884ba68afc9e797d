// file:// URIs ↔ file-system paths. The core speaks paths; the protocol speaks URIs.
// Remembers the exact URI string a client sent so that we answer with the same spelling.
import { fileURLToPath, pathToFileURL } from 'node:url';

const known = new Map<string, string>();

export function uriToPath(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    const p = fileURLToPath(uri);
    known.set(p, uri);
    return p;
  } catch {
    return uri;
  }
}

export function pathToUri(path: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) && !/^[a-z]:[\\/]/i.test(path)) return path; // already a URI
  return known.get(path) ?? pathToFileURL(path).toString();
}
