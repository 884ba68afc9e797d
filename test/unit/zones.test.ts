// Calendar time zones that are valid but almost never meant (issue 18): `EST` is UTC−5 all year,
// so a New York office's summer hours would be an hour off. LS092 warns and its quick fix writes
// the IANA zone meant; an abbreviation the platform does not know gets the same fix with LS080.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFile } from '../../server/src/core/syntax/parse.js';
import { validateFiles } from '../../server/src/core/check/validate.js';
import { zoneHint } from '../../server/src/core/check/zones.js';

const SAMPLES = join(__dirname, '../../samples');
const SLA = readFileSync(join(SAMPLES, 'sla.yaml'), 'utf8');
const CONTEXT = ['fields.yaml', 'scoring/inbound.yaml', 'scoring/product-led.yaml', 'icps/mid-market.yaml', 'icps/enterprise.yaml']
  .map((f) => parseFile(f, readFileSync(join(SAMPLES, f), 'utf8')));

function check(zone: string, instead = 'America/New_York') {
  assert.ok(SLA.includes(`timezone: ${instead}`));
  return validateFiles([parseFile('sla.yaml', SLA.replace(`timezone: ${instead}`, `timezone: ${zone}`))], CONTEXT);
}

for (const [zone, meant] of [['EST', 'America/New_York'], ['PST', 'America/Los_Angeles'], ['CET', 'Europe/Berlin'], ['EST5EDT', 'America/New_York']]) {
  test(`timezone: ${zone} warns once (LS092) and the quick fix writes ${meant}`, () => {
    const diags = check(zone);
    assert.deepEqual(diags.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code}`), ['10:15 warning LS092']);
    assert.match(diags[0].message, new RegExp(`time zone '${zone}' is .* — write ${meant.replace('/', '\\/')} \\(the zone with its daylight saving\\)`));
    const fix = diags[0].fixes![0];
    assert.equal(fix.title, `Change to '${meant}'`);
    assert.equal(fix.preferred, true);
    assert.equal(fix.edits[0].newText, meant);
    assert.deepEqual(fix.edits[0].range, diags[0].range);
  });
}

test('a fixed offset (Etc/GMT+5) warns without guessing a place; UTC and IANA names do not warn', () => {
  const d = check('Etc/GMT+5');
  assert.deepEqual(d.map((x) => x.code), ['LS092']);
  assert.match(d[0].message, /a fixed offset with no daylight saving — write the IANA zone of the office/);
  assert.deepEqual(check('UTC'), []);
  assert.deepEqual(check('America/Chicago'), []);
  assert.equal(zoneHint('Europe/Berlin'), undefined);
});

test('an abbreviation the platform does not know is LS080 with the zone meant as its fix', () => {
  const d = check('AEST');
  assert.equal(d.length, 1);
  assert.ok(d[0].code === 'LS080' || d[0].code === 'LS092', d[0].code);
  assert.equal(d[0].fixes![0].edits[0].newText, 'Australia/Sydney');
});
