// Time-zone names that are valid but almost always a mistake in a business calendar: abbreviations
// and fixed offsets (`EST` is UTC−5 all year, so a New York office's summer hours would be an hour
// off) and the POSIX-style `EST5EDT` family. Each maps to the IANA zone meant, for a warning with
// a quick fix (LS092); an abbreviation the platform does not know at all gets the same suggestion
// with LS080.

export interface ZoneHint { meant: string; why: string }

const FIXED = 'a fixed offset with no daylight saving';
const ABBREV = 'an abbreviation, not a place: it does not follow daylight saving the way an office does';
const POSIX = 'a legacy POSIX-style zone';

const HINTS: Record<string, ZoneHint> = {
  EST: { meant: 'America/New_York', why: `${FIXED} (UTC−5 all year)` },
  EDT: { meant: 'America/New_York', why: ABBREV },
  CST: { meant: 'America/Chicago', why: ABBREV },
  CDT: { meant: 'America/Chicago', why: ABBREV },
  MST: { meant: 'America/Denver', why: `${FIXED} (UTC−7 all year; Arizona is America/Phoenix)` },
  MDT: { meant: 'America/Denver', why: ABBREV },
  PST: { meant: 'America/Los_Angeles', why: ABBREV },
  PDT: { meant: 'America/Los_Angeles', why: ABBREV },
  HST: { meant: 'Pacific/Honolulu', why: `${FIXED} (UTC−10)` },
  AKST: { meant: 'America/Anchorage', why: ABBREV },
  CET: { meant: 'Europe/Berlin', why: 'a rule, not a place (Central European Time)' },
  CEST: { meant: 'Europe/Berlin', why: ABBREV },
  MET: { meant: 'Europe/Berlin', why: 'a rule, not a place (Middle European Time)' },
  EET: { meant: 'Europe/Athens', why: 'a rule, not a place (Eastern European Time)' },
  WET: { meant: 'Europe/Lisbon', why: 'a rule, not a place (Western European Time)' },
  BST: { meant: 'Europe/London', why: ABBREV },
  IST: { meant: 'Asia/Kolkata', why: `${ABBREV} (and ambiguous: India, Ireland, Israel)` },
  JST: { meant: 'Asia/Tokyo', why: ABBREV },
  AEST: { meant: 'Australia/Sydney', why: ABBREV },
  AEDT: { meant: 'Australia/Sydney', why: ABBREV },
  EST5EDT: { meant: 'America/New_York', why: POSIX },
  CST6CDT: { meant: 'America/Chicago', why: POSIX },
  MST7MDT: { meant: 'America/Denver', why: POSIX },
  PST8PDT: { meant: 'America/Los_Angeles', why: POSIX },
};

/**
 * The IANA zone a calendar most likely means, when `zone` is an abbreviation, a fixed offset
 * (`Etc/GMT+5`, `UTC-05:00`) or a POSIX-style name; undefined for a proper IANA name or `UTC`.
 */
export function zoneHint(zone: string): ZoneHint | undefined {
  const z = zone.trim();
  const hit = HINTS[z.toUpperCase()];
  if (hit) return hit;
  if (/^(Etc\/)?(GMT|UTC)[+-]\d{1,2}(:?\d{2})?$/i.test(z) || /^[+-]\d{2}:?\d{2}$/.test(z)) {
    return { meant: '', why: FIXED };
  }
  return undefined;
}
