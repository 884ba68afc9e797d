// The single source of the leadspec v1 JSON Schemas (draft 2020-12). `schemas/*.schema.json`
// are generated from here (`npm run schemas`; a unit test keeps them in sync), so the CLI, the
// language server and other YAML tools all read the same shapes and descriptions.
//
// Unions are written as if/then/else on the value's type or on a discriminating key (`kind`,
// `group`, `event`, `type`) rather than anyOf/oneOf: ajv then reports only the errors of the
// branch the author meant, which is what keeps one root cause to one diagnostic.
import {
  KINDS, FIELD_TYPES, OPERATORS, RESERVED_WORDS, WEEKDAY_KEYS, DURATION_PATTERN,
} from '../model.js';

export type JsonSchema = Record<string, any>;

export const SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';
export const SCHEMA_BASE = 'https://leadspec.dev/schemas/v1/';

// ---- patterns (the mapper turns each into a human sentence, see messages.ts) ---------------
export const ID_PATTERN = '^[a-z][a-z0-9-]{0,62}$';
/** Ids inside a definition (rules, groups, tiers, personas, commitments): no spaces, no `/`. */
export const LOCAL_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]*$';
export const NAME_PATTERN = '^[a-z][a-z0-9_]*$';
export const TIER_REF_PATTERN = '^[a-z][a-z0-9-]{0,62}/[A-Za-z0-9][A-Za-z0-9_.-]*$';
export const DATE_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';
export const DATETIME_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)?)?$';
const HOUR = '[0-9]{2}:[0-9]{2}';
export const HOURS_PATTERN = `^\\s*${HOUR}\\s*-\\s*${HOUR}(\\s*,\\s*${HOUR}\\s*-\\s*${HOUR})*\\s*$`;
export { DURATION_PATTERN };

const SCORE_KEYS = ['fit', 'engagement', 'total', 'grade', 'fit_grade', 'engagement_grade', 'mql', 'disqualified'];
const EVENT_PARTS = ['where', 'within', 'count'];
/** A field name that is not one of the condition's own keys. */
const fieldKeyPattern = (extra: string[]) =>
  `^(?!(?:${[...new Set([...RESERVED_WORDS, ...extra])].join('|')})$)[a-z][a-z0-9_]*$`;
export const CONDITION_FIELD_PATTERN = fieldKeyPattern([]);
export const EVENT_CONDITION_FIELD_PATTERN = fieldKeyPattern(EVENT_PARTS);

const ref = (name: string): JsonSchema => ({ $ref: `#/$defs/${name}` });
const withDesc = (description: string, s: JsonSchema): JsonSchema => ({ description, ...s });
const str = (description: string, extra: JsonSchema = {}): JsonSchema => ({ type: 'string', description, ...extra });
const num = (description: string): JsonSchema => ({ type: 'number', description });
/** `if type == t then A else B` — picks a branch by the value's type. */
const byType = (t: string, then: JsonSchema, otherwise: JsonSchema): JsonSchema => ({ if: { type: t }, then, else: otherwise });
/** An object that has these keys (for `if`: ajv strict mode wants required keys declared). */
const has = (...keys: string[]): JsonSchema => ({ type: 'object', properties: Object.fromEntries(keys.map((k) => [k, true])), required: keys });

const common = {
  leadspec: str('Format version of this definition. Only `v1` exists.'),
  title: str('A human title, shown in hovers, the outline and reports.'),
  owner: str('Who owns this definition (a team or a person), shown in hovers and reports.'),
  description: str('Free text explaining the intent; shown in hovers and reports.'),
};
const idProp = (what: string) => ({
  id: { type: 'string', pattern: ID_PATTERN, description: `Id of this ${what}: lower-case letters, digits and \`-\`, starting with a letter (at most 63 characters). Unique per kind across the workspace; other definitions refer to it by this id.` },
});
const kindProp = (kind: string, what: string) => ({ kind: { const: kind, description: `The kind of definition: \`${kind}\` — ${what}.` } });
const fieldsRef = { fields: str('Id of the `kind: fields` catalog whose fields and events this definition uses (needed only when the workspace has several catalogs).', { pattern: ID_PATTERN }) };

/** A definition kind's document: closed set of keys. */
function docSchema(kind: string, what: string, props: JsonSchema, required: string[] = []): JsonSchema {
  return {
    type: 'object',
    title: `${kind} definition`,
    description: what,
    properties: { ...common, ...kindProp(kind, what), ...idProp(`${kind} definition`), ...props },
    required: ['id', ...required],
    additionalProperties: false,
  };
}

// ---- conditions (§3) -------------------------------------------------------------------------
const scalar = { type: ['string', 'number', 'boolean'] };
const listItem = { type: ['string', 'number'] };
const OP_DESC: Record<string, string> = {
  eq: 'Holds when the value equals this (text compares case-insensitively after trimming).',
  ne: 'Holds when the value is present and differs from this.',
  in: 'Holds when the value is one of these.',
  not_in: 'Holds when the value is present and none of these.',
  gt: 'Holds when the value is greater than this (numbers, dates, datetimes).',
  gte: 'Holds when the value is greater than or equal to this (numbers, dates, datetimes).',
  lt: 'Holds when the value is less than this (numbers, dates, datetimes).',
  lte: 'Holds when the value is less than or equal to this (numbers, dates, datetimes).',
  between: '`[lo, hi]`: holds when lo ≤ value ≤ hi (numbers, dates, datetimes).',
  contains: 'Holds when the text contains this (case-insensitive).',
  starts_with: 'Holds when the text starts with this (case-insensitive).',
  ends_with: 'Holds when the text ends with this (case-insensitive).',
  includes: 'Holds when the list holds this item.',
  includes_any: 'Holds when the list holds any of these items.',
  includes_all: 'Holds when the list holds all of these items.',
  exists: '`true`: the value is present and non-empty; `false`: absent or empty.',
};
// eq/ne apply to every type (SPEC §3), lists included: a list field compares with a list; the
// checker, which knows the field's type, refuses a list operand for any other field (LS052).
const eqOperand = { type: ['string', 'number', 'boolean', 'array'], items: listItem };
const OP_SCHEMA: Record<string, JsonSchema> = {
  eq: eqOperand, ne: eqOperand,
  in: { type: 'array', items: listItem, minItems: 1 }, not_in: { type: 'array', items: listItem, minItems: 1 },
  gt: listItem, gte: listItem, lt: listItem, lte: listItem,
  between: { type: 'array', items: listItem, minItems: 2, maxItems: 2 },
  contains: { type: 'string' }, starts_with: { type: 'string' }, ends_with: { type: 'string' },
  includes: { type: 'string' },
  includes_any: { type: 'array', items: { type: 'string' }, minItems: 1 },
  includes_all: { type: 'array', items: { type: 'string' }, minItems: 1 },
  exists: { type: 'boolean' },
};
function operatorMap(title: string, ops: readonly string[], override: Record<string, JsonSchema> = {}): JsonSchema {
  const properties: JsonSchema = {};
  for (const op of ops) properties[op] = { description: OP_DESC[op], ...(override[op] ?? OP_SCHEMA[op]) };
  return { type: 'object', title, properties, additionalProperties: false, minProperties: 1 };
}
const NUMERIC_OPS = ['eq', 'ne', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'between', 'exists'];
const numericOverride: Record<string, JsonSchema> = {
  eq: { type: 'number' }, ne: { type: 'number' },
  in: { type: 'array', items: { type: 'number' }, minItems: 1 }, not_in: { type: 'array', items: { type: 'number' }, minItems: 1 },
  gt: { type: 'number' }, gte: { type: 'number' }, lt: { type: 'number' }, lte: { type: 'number' },
  between: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
};
const gradeId = { type: ['string', 'integer'] };

/** The keys every condition mapping may hold besides field names. */
function conditionProps(): JsonSchema {
  return {
    all: { type: 'array', items: ref('condition'), minItems: 1, description: 'Holds when every condition in the list holds.' },
    any: { type: 'array', items: ref('condition'), minItems: 1, description: 'Holds when at least one condition in the list holds.' },
    not: withDesc('Holds when the wrapped condition does not hold (plain negation: a lead with a missing value fails the inner test, so `not` holds).', ref('condition')),
    icp: str('Holds when the lead matches the ICP with this id.', { pattern: ID_PATTERN }),
    tier: str('Holds when the lead falls in this ICP tier, written `<icp-id>/<tier-id>`.', { pattern: TIER_REF_PATTERN }),
    fit: withDesc('The fit (profile) score of the lead, tested with numeric operators (scoring and SLA conditions only).', ref('numericTest')),
    engagement: withDesc('The engagement (behaviour) score of the lead, tested with numeric operators (scoring and SLA conditions only).', ref('numericTest')),
    total: withDesc('The total score of the lead, tested with numeric operators (scoring and SLA conditions only).', ref('numericTest')),
    grade: withDesc('The grade of the lead: a grade id or a list of them (scoring and SLA conditions only).', ref('gradeTest')),
    fit_grade: withDesc('The fit band of a matrix model: a band id or a list of them.', ref('gradeTest')),
    engagement_grade: withDesc('The engagement band of a matrix model: a band id or a list of them.', ref('gradeTest')),
    mql: withDesc('Whether the lead is marketing-qualified (`true`/`false`).', ref('booleanTest')),
    disqualified: withDesc('Whether the lead is disqualified by the model\'s `disqualify` condition (`true`/`false`).', ref('booleanTest')),
  };
}

function conditionDefs(): JsonSchema {
  const fieldTestDesc = 'A test of this catalog field: a scalar means `eq`, a list means `in`, or a mapping of operators (`{ gte: 50 }`).';
  return {
    condition: {
      title: 'condition',
      description: 'A condition: a mapping whose keys must all hold — field tests, `all`/`any`/`not`, `icp`, `tier`, score outputs, or an event count (`event:` with `where`, `within`, `count`).',
      if: has('event'),
      then: ref('eventCondition'),
      else: ref('plainCondition'),
    },
    plainCondition: {
      type: 'object',
      title: 'condition',
      properties: conditionProps(),
      patternProperties: { [CONDITION_FIELD_PATTERN]: withDesc(fieldTestDesc, ref('fieldTest')) },
      additionalProperties: false,
    },
    eventCondition: {
      type: 'object',
      title: 'event condition',
      properties: {
        ...conditionProps(),
        event: str('Counts events of this type (declared under `events:` in the catalog).', { pattern: NAME_PATTERN }),
        where: withDesc('Only events whose properties satisfy this condition count.', ref('condition')),
        within: str('Only events in this window before `as_of` count (`90m`, `4h`, `30d`, `2w`); default: all time.', { pattern: DURATION_PATTERN }),
        count: withDesc('How many matching events are needed, e.g. `{ gte: 3 }` (default `{ gte: 1 }`); a number means exactly that many.', ref('countTest')),
      },
      patternProperties: { [EVENT_CONDITION_FIELD_PATTERN]: withDesc(fieldTestDesc, ref('fieldTest')) },
      additionalProperties: false,
    },
    fieldTest: {
      title: 'field test',
      if: { type: 'object' },
      then: operatorMap('operator test', OPERATORS),
      else: byType('array', { type: 'array', items: listItem, minItems: 1 }, scalar),
    },
    numericTest: {
      title: 'score test',
      if: { type: 'object' },
      then: operatorMap('score test', NUMERIC_OPS, numericOverride),
      else: byType('array', { type: 'array', items: { type: 'number' }, minItems: 1 }, { type: 'number' }),
    },
    countTest: {
      title: 'count test',
      if: { type: 'object' },
      then: operatorMap('count test', NUMERIC_OPS.filter((o) => o !== 'exists'), numericOverride),
      else: { type: 'integer', minimum: 0 },
    },
    gradeTest: {
      title: 'grade test',
      if: { type: 'object' },
      then: operatorMap('grade test', ['eq', 'ne', 'in', 'not_in'], {
        eq: gradeId, ne: gradeId,
        in: { type: 'array', items: gradeId, minItems: 1 }, not_in: { type: 'array', items: gradeId, minItems: 1 },
      }),
      else: byType('array', { type: 'array', items: gradeId, minItems: 1 }, gradeId),
    },
    booleanTest: {
      title: 'true/false test',
      if: { type: 'object' },
      then: operatorMap('true/false test', ['eq', 'ne'], { eq: { type: 'boolean' }, ne: { type: 'boolean' } }),
      else: { type: 'boolean' },
    },
    duration: str('A duration `<n><unit>` with unit m, h, d or w (`90m`, `4h`, `30d`, `2w`).', { pattern: DURATION_PATTERN }),
  };
}

// ---- §2 fields -------------------------------------------------------------------------------
function fieldsDefs(): JsonSchema {
  return {
    fieldDecl: {
      type: 'object',
      title: 'field',
      description: 'A lead attribute: its type and, for enums, the allowed values.',
      properties: {
        type: { enum: FIELD_TYPES, description: 'The value type: `string`, `integer`, `number`, `boolean`, `date` (YYYY-MM-DD), `datetime` (ISO 8601; UTC without an offset), `enum` (with `values`) or `list` (of strings; `;`-separated in CSV).' },
        values: { type: 'array', items: listItem, minItems: 1, description: 'The allowed values of an `enum` field (compared case-insensitively).' },
        min: num('Smallest plausible value (integer and number fields). A lead value below it is a data warning and counts as missing, like a value that does not parse.'),
        max: num('Largest plausible value (integer and number fields). A lead value above it is a data warning and counts as missing, like a value that does not parse.'),
        title: str('A human label for the field.'),
        description: str('What the field holds and where it comes from; shown in hovers and completion.'),
        column: str('The header of the leads file\'s column that holds this field, when it is not the field\'s name — e.g. a CRM export\'s "Number of Employees" (compared case-insensitively). An extension of the format.', { minLength: 1 }),
      },
      required: ['type'],
      additionalProperties: false,
      if: { type: 'object', properties: { type: { const: 'enum' } }, required: ['type'] },
      then: { ...has('values'), title: 'enum field' },
    },
    eventDecl: {
      type: 'object',
      title: 'event',
      description: 'An event type that leads can have (page views, form fills, …), with its properties.',
      properties: {
        properties: {
          type: 'object',
          description: 'The event\'s properties and their types (`string`, `number` or `boolean`), usable in `where:` conditions.',
          patternProperties: { [NAME_PATTERN]: { enum: ['string', 'number', 'boolean'], description: 'Type of this event property.' } },
          additionalProperties: false,
        },
        title: str('A human label for the event.'),
        description: str('What the event means and where it comes from.'),
      },
      additionalProperties: false,
    },
    fieldsDoc: docSchema('fields', 'The lead catalog: the attributes and events that conditions may use.', {
      id_column: str('The header of the leads file\'s id column, when it is not `id` — e.g. a CRM export\'s "Record ID" (compared case-insensitively). An extension of the format.', { minLength: 1 }),
      fields: {
        type: 'object',
        description: 'The lead attributes, by name (`^[a-z][a-z0-9_]*$`, not a reserved word such as `icp` or `grade`).',
        patternProperties: { [NAME_PATTERN]: ref('fieldDecl') },
        additionalProperties: false,
      },
      events: {
        type: 'object',
        description: 'The event types, by name (`^[a-z][a-z0-9_]*$`).',
        patternProperties: { [NAME_PATTERN]: ref('eventDecl') },
        additionalProperties: false,
      },
    }),
  };
}

// ---- §4 icp ----------------------------------------------------------------------------------
function icpDefs(): JsonSchema {
  const segment = (what: string, whenDesc: string) => ({
    type: 'object',
    title: what,
    properties: {
      id: str(`Id of the ${what}, unique within this ICP.`, { pattern: LOCAL_ID_PATTERN }),
      when: withDesc(whenDesc, ref('condition')),
      title: str(`A human title for the ${what}.`),
      description: str(`What this ${what} means.`),
    },
    required: ['id'],
    additionalProperties: false,
  });
  return {
    tier: segment('tier', 'The lead falls in this tier when this holds (the first matching tier wins); omit it on the last tier to make a catch-all.'),
    persona: segment('persona', 'The lead fits this persona when this holds; a lead may fit several personas.'),
    icpDoc: docSchema('icp', 'An ideal customer profile: which leads match, their tier and personas.', {
      ...fieldsRef,
      match: withDesc('A lead matches the ICP when this condition holds (and `exclude` does not).', ref('condition')),
      exclude: withDesc('Leads for which this holds never match the ICP.', ref('condition')),
      tiers: { type: 'array', items: ref('tier'), description: 'Ordered tiers: the first whose `when` holds is the lead\'s tier; a tier without `when` is the catch-all and must be last.' },
      personas: { type: 'array', items: ref('persona'), description: 'Buyer personas within matching leads; a lead may fit several.' },
    }),
  };
}

// ---- §5 scoring ------------------------------------------------------------------------------
function scoringDefs(): JsonSchema {
  const decayObj = {
    type: 'object',
    title: 'decay',
    properties: { half_life: str('After this long an event is worth half its points (`30d`, `2w`).', { pattern: DURATION_PATTERN }) },
    required: ['half_life'],
    additionalProperties: false,
  };
  const band = {
    type: 'object',
    title: 'grade',
    properties: {
      // Not empty: the engine shows an empty band as `ungraded`, so it could never be told apart.
      id: { type: ['string', 'integer'], minLength: 1, description: 'The grade (or band) name, e.g. `A` or `1`.' },
      min: num('The lowest score that earns this grade; omit it on the last grade (the catch-all).'),
      title: str('A human title for the grade.'),
      description: str('What this grade means for sales.'),
    },
    required: ['id'],
    additionalProperties: false,
  };
  const bandList = (what: string) => ({ type: 'array', items: ref('band'), minItems: 1, description: what });
  return {
    decay: {
      title: 'decay',
      description: '`{ half_life: 30d }`: events lose half their points every half-life; `none` switches a section default off.',
      if: { type: 'string' },
      then: { const: 'none' },
      else: decayObj,
    },
    rule: {
      type: 'object',
      title: 'rule',
      description: 'A scoring rule: `when` (a condition, points once) or `event` (points per matching event).',
      properties: {
        id: str('Id of the rule, unique within the model; explanations and summaries name rules by it.', { pattern: LOCAL_ID_PATTERN }),
        title: str('A human title for the rule.'),
        description: str('Why this rule exists; shown in hovers.'),
        when: withDesc('The rule contributes its points once when this condition holds.', ref('condition')),
        event: str('An event rule: contributes points for each event of this type (declared in the catalog).', { pattern: NAME_PATTERN }),
        where: withDesc('Event rules: only events whose properties satisfy this count.', ref('condition')),
        within: str('Event rules: only events in this window before `as_of` count (`30d`).', { pattern: DURATION_PATTERN }),
        points: num('Points the rule contributes (negative to subtract); per event for event rules.'),
        max: num('Caps the rule\'s total contribution (event rules add up per event).'),
        min: num('Floor of the rule\'s total contribution (for negative points).'),
        decay: withDesc('Event rules: decay of each event\'s points with age; overrides the section default (`none` switches it off).', ref('decay')),
      },
      required: ['id', 'points'],
      additionalProperties: false,
      dependentRequired: { where: ['event'], within: ['event'], decay: ['event'] },
      if: has('event'),
      else: has('when'),
    },
    group: {
      type: 'object',
      title: 'group',
      description: 'A group of rules with its own pick mode and cap.',
      properties: {
        group: str('Name of the group; its members are reported as `<group>/<rule>`.', { pattern: LOCAL_ID_PATTERN }),
        title: str('A human title for the group.'),
        description: str('Why these rules are grouped.'),
        pick: { enum: ['sum', 'first', 'max'], default: 'sum', description: '`sum` (default) adds the members; `first` takes the first matching rule\'s points; `max` the largest.' },
        max: num('Caps the group\'s value.'),
        min: num('Floor of the group\'s value.'),
        rules: { type: 'array', items: ref('groupMember'), minItems: 1, description: 'The group\'s rules, in order (order matters for `pick: first`).' },
      },
      required: ['group', 'rules'],
      additionalProperties: false,
    },
    groupMember: {
      title: 'rule',
      // Groups do not nest: say so, instead of listing a group's keys as unknown rule keys.
      if: has('group'),
      then: { title: 'nested group', not: {} },
      else: ref('rule'),
    },
    ruleOrGroup: {
      title: 'rule or group',
      if: has('group'),
      then: ref('group'),
      else: ref('rule'),
    },
    section: {
      type: 'object',
      title: 'section',
      properties: {
        max: num('Caps the section\'s score.'),
        min: num('Floor of the section\'s score.'),
        decay: withDesc('Default decay for the section\'s event rules, e.g. `{ half_life: 30d }`.', ref('decay')),
        rules: { type: 'array', items: ref('ruleOrGroup'), description: 'Rules and groups; the section is their sum, clamped to `max`/`min`, rounded to 2 decimals.' },
      },
      additionalProperties: false,
    },
    band,
    total: {
      title: 'total',
      description: '`sum` (default): fit + engagement; or `{ weights: { fit: 0.6, engagement: 0.4 } }`.',
      default: 'sum',
      if: { type: 'string' },
      then: { const: 'sum' },
      else: {
        type: 'object',
        title: 'total',
        properties: {
          weights: {
            type: 'object',
            title: 'weights',
            description: 'Weights of the weighted sum.',
            properties: { fit: num('Weight of the fit score.'), engagement: num('Weight of the engagement score.') },
            additionalProperties: false,
            minProperties: 1,
          },
        },
        required: ['weights'],
        additionalProperties: false,
      },
    },
    scoringDoc: docSchema('scoring', 'A lead-scoring model: fit and engagement rules, total, grades, disqualification and MQL.', {
      ...fieldsRef,
      fit: withDesc('The profile score: rules about who the lead is.', ref('section')),
      engagement: withDesc('The behaviour score: rules about what the lead did (events).', ref('section')),
      total: ref('total'),
      grades: bandList('Grades, ordered high to low: the first whose `min` ≤ total; the last has no `min`.'),
      matrix: {
        type: 'object',
        title: 'matrix',
        description: 'Instead of `grades`: fit bands × engagement bands; the grade is `<fit band><engagement band>`, e.g. `A1`.',
        properties: {
          fit: bandList('Fit bands, high to low (same form as `grades`).'),
          engagement: bandList('Engagement bands, high to low (same form as `grades`).'),
        },
        required: ['fit', 'engagement'],
        additionalProperties: false,
      },
      disqualify: withDesc('Leads for which this holds get grade `disqualified` and never become MQLs.', ref('condition')),
      mql: withDesc('A lead is marketing-qualified when this holds (may test `grade`, `fit`, `engagement`, `total`).', ref('condition')),
    }),
  };
}

// ---- §6 sla ----------------------------------------------------------------------------------
function slaDefs(): JsonSchema {
  const hours: JsonSchema = {};
  for (const k of WEEKDAY_KEYS) {
    hours[k] = str(`Working hours on ${k === 'weekdays' ? 'Monday to Friday' : k === 'everyday' ? 'every day' : k}: \`"09:00-17:00"\`, or split shifts \`"09:00-12:00, 13:00-17:00"\`.`, { pattern: HOURS_PATTERN });
  }
  const commonCommitment = {
    id: str('Id of the commitment, unique within this SLA; results name it `<sla-id>/<commitment-id>`.', { pattern: LOCAL_ID_PATTERN }),
    title: str('A human title for the commitment.'),
    owner: str('The team accountable for the commitment.'),
    description: str('What is promised, in words.'),
    scoring: str('Id of the scoring model whose outputs (`grade`, `mql`, …) the conditions may test.', { pattern: ID_PATTERN }),
    calendar: ref('calendarRef'),
  };
  return {
    calendar: {
      type: 'object',
      title: 'calendar',
      description: 'A business calendar: time zone, working hours and holidays.',
      properties: {
        timezone: str('IANA time zone, e.g. `America/New_York`, `Europe/Berlin` (daylight saving included).'),
        hours: { type: 'object', title: 'hours', description: 'Working hours per day: keys `mon`..`sun`, `weekdays`, `everyday`.', properties: hours, additionalProperties: false },
        holidays: { type: 'array', items: str('A holiday (YYYY-MM-DD), in the calendar\'s time zone.', { pattern: DATE_PATTERN }), description: 'Days without working hours (YYYY-MM-DD).' },
        title: str('A human title for the calendar.'),
        description: str('What the calendar covers.'),
      },
      required: ['timezone', 'hours'],
      additionalProperties: false,
    },
    calendarRef: {
      title: 'calendar',
      description: 'The business calendar: a calendar name, or `{ by: <field>, map: { <value>: <calendar> }, default: <calendar> }` to pick one per lead.',
      if: { type: 'string' },
      then: { type: 'string', pattern: LOCAL_ID_PATTERN },
      else: {
        type: 'object',
        title: 'calendar choice',
        properties: {
          by: str('The lead field whose value picks the calendar (e.g. `region`).', { pattern: NAME_PATTERN }),
          map: { type: 'object', description: 'Field value → calendar name.', additionalProperties: { type: 'string', pattern: LOCAL_ID_PATTERN } },
          default: str('The calendar for leads whose value is not in `map`.', { pattern: LOCAL_ID_PATTERN }),
        },
        required: ['by'],
        additionalProperties: false,
      },
    },
    escalation: {
      type: 'object',
      title: 'escalation step',
      properties: {
        after: str('Fires when the elapsed clock time exceeds this (`2h`).', { pattern: DURATION_PATTERN }),
        notify: str('Who to notify (a team, a role or a channel).'),
        reassign: str('How to reassign the lead (e.g. `round-robin`).'),
        description: str('What this step is for.'),
      },
      required: ['after'],
      additionalProperties: false,
    },
    responseCommitment: {
      type: 'object',
      title: 'response commitment',
      description: 'A response-time promise: from `start` to `stop` within `within` of clock time.',
      properties: {
        ...commonCommitment,
        type: { const: 'response', default: 'response', description: '`response` (default): a response-time promise; `volume`: a lead-count target per period.' },
        applies_to: withDesc('Which leads the commitment applies to (may test score outputs of `scoring`).', ref('condition')),
        start: str('The datetime field that starts the clock (e.g. `mql_at`).', { pattern: NAME_PATTERN }),
        stop: str('The datetime field that meets the commitment (e.g. `first_touch_at`). Optional in SPEC §6: without it a lead is open until due, then breached.', { pattern: NAME_PATTERN }),
        within: str('The promised response time (`4h`; under `clock: business` only `m` and `h`).', { pattern: DURATION_PATTERN }),
        clock: { enum: ['business', 'calendar'], description: '`business` counts only working hours of the calendar (default when calendars exist); `calendar` counts all time.' },
        escalate: { type: 'array', items: ref('escalation'), description: 'Escalation steps, each firing when elapsed time exceeds its `after`.' },
      },
      required: ['id', 'start', 'within'],
      additionalProperties: false,
    },
    volumeCommitment: {
      type: 'object',
      title: 'volume commitment',
      description: 'A volume target: how many leads per period.',
      properties: {
        ...commonCommitment,
        type: { const: 'volume', description: '`volume`: a lead-count target per period.' },
        count: withDesc('Which leads count (may test score outputs of `scoring`).', ref('condition')),
        per: { enum: ['day', 'week', 'month', 'quarter'], description: 'The period: `day`, `week` (ISO, Monday first), `month` or `quarter`.' },
        date: str('The date or datetime field that places a lead in a period (e.g. `mql_at`).', { pattern: NAME_PATTERN }),
        target: withDesc('The target per period, e.g. `{ gte: 400 }`.', ref('countTest')),
      },
      required: ['id', 'type', 'per', 'date', 'target'],
      additionalProperties: false,
    },
    commitment: {
      title: 'commitment',
      if: { type: 'object', properties: { type: { const: 'volume' } }, required: ['type'] },
      then: ref('volumeCommitment'),
      else: ref('responseCommitment'),
    },
    slaDoc: docSchema('sla', 'Service level agreements: business calendars and commitments on response time and volume.', {
      ...fieldsRef,
      calendars: {
        type: 'object',
        description: 'Business calendars by name.',
        patternProperties: { [LOCAL_ID_PATTERN]: ref('calendar') },
        additionalProperties: false,
      },
      commitments: { type: 'array', items: ref('commitment'), description: 'The commitments: response times (`start`/`stop`/`within`) and volumes (`type: volume`).' },
    }),
  };
}

// ---- §7 project, §9 test ---------------------------------------------------------------------
function projectDefs(): JsonSchema {
  return {
    projectDoc: docSchema('project', 'The workspace settings: sample data, `as_of` and the git ref diffs compare to, and the outcomes the backtest measures models against.', {
      samples: {
        type: 'object',
        title: 'samples',
        description: 'Sample data the simulation runs on (paths relative to this file).',
        properties: {
          leads: str('Sample leads: CSV, JSON or JSON Lines.'),
          events: str('Sample events: CSV or JSON Lines with `lead_id`, `event`, `at`.'),
        },
        additionalProperties: false,
      },
      as_of: str('The instant the simulation evaluates at (ISO 8601); default: the latest event or datetime in the sample.', { pattern: DATETIME_PATTERN }),
      base: str('The git ref that `leadspec diff` compares with (e.g. `main`).'),
      outcomes: ref('outcomes'),
    }),
    outcomes: outcomesSchema(),
  };
}

/** SPEC §11: where the sample records conversions and sales feedback. Values are checked by
 *  meaning (field types, enum values, ranges) in check/outcomes.ts, with codes LS120–LS129. */
function outcomesSchema(): JsonSchema {
  const fieldName = (description: string): JsonSchema => str(description, { pattern: NAME_PATTERN });
  const values = (what: string): JsonSchema => ({
    type: 'array', items: { type: ['string', 'number', 'boolean'] }, minItems: 1,
    description: `Values of the feedback field that mean the lead was ${what}.`,
  });
  return {
    type: 'object',
    title: 'outcomes',
    description: 'Where the sample records outcomes (SPEC §11): `leadspec backtest` measures every model against the conversions, and `simulate`/`diff` summarise sales feedback.',
    properties: {
      converted: withDesc('When the lead converted: a datetime field, `{ event: <event> }` (its first occurrence), or a boolean field (a flag without a time).', byType('object', {
        type: 'object',
        properties: { event: str('The catalog event that marks the conversion (its first occurrence is the conversion time).', { pattern: NAME_PATTERN }) },
        required: ['event'],
        additionalProperties: false,
      }, fieldName('When the lead converted: a datetime field, or `{ event: <event> }` (its first occurrence), or a boolean field (a flag without a time: the backtest then runs at the simulation\'s `as_of`).'))),
      created: fieldName('Optional datetime field: when the lead came in. Leads created after the score date are left out of the backtest.'),
      as_of: str('The score date `T` of the backtest (ISO 8601): every model is evaluated as it would have been then. Not with a boolean `converted`.', { pattern: DATETIME_PATTERN }),
      horizon: str('A conversion counts when it happens within this long after `as_of` (`90d`, `12w`). Not with a boolean `converted`.', { pattern: DURATION_PATTERN }),
      capacity: {
        type: ['integer', 'string'],
        description: 'Optional: how many MQLs sales can take, as a count (`200`) or a share of the backtest population (`15%`); the backtest then recommends the threshold that fits.',
      },
      value: fieldName('Optional number field: the pipeline value of a conversion (summed per grade and for MQL leads).'),
      feedback: {
        type: 'object',
        title: 'feedback',
        description: 'Optional: sales\' verdict on the leads handed over, summarised per grade, MQL and rule.',
        properties: {
          field: fieldName('The string or enum field holding the sales status.'),
          accepted: values('accepted by sales'),
          rejected: values('rejected by sales'),
          recycled: values('recycled (sent back to nurture)'),
          reason: fieldName('Optional field with the rejection reason, counted per value among rejected leads.'),
        },
        required: ['field'],
        additionalProperties: false,
      },
    },
    required: ['converted'],
    additionalProperties: false,
  };
}

function testDefs(): JsonSchema {
  const scoreExpect = {
    type: 'object',
    title: 'score expectation',
    description: 'Outputs of one scoring model, tested with the condition operators.',
    properties: {
      fit: withDesc('Expected fit score.', ref('numericTest')),
      engagement: withDesc('Expected engagement score.', ref('numericTest')),
      total: withDesc('Expected total score.', ref('numericTest')),
      grade: withDesc('Expected grade (or list of acceptable grades).', ref('gradeTest')),
      fit_grade: withDesc('Expected fit band.', ref('gradeTest')),
      engagement_grade: withDesc('Expected engagement band.', ref('gradeTest')),
      mql: withDesc('Expected MQL status.', ref('booleanTest')),
      disqualified: withDesc('Expected disqualification.', ref('booleanTest')),
    },
    additionalProperties: false,
  };
  const slaExpect = {
    type: 'object',
    title: 'SLA expectation',
    properties: {
      status: { enum: ['met', 'breached', 'open'], description: 'Expected status of the commitment for this lead.' },
      elapsed_minutes: withDesc('Expected elapsed clock time in minutes.', ref('numericTest')),
      due: str('Expected due instant (ISO 8601).', { pattern: DATETIME_PATTERN }),
    },
    additionalProperties: false,
  };
  return {
    testLead: {
      type: 'object',
      title: 'lead',
      description: 'A lead written out: `id`, field values by name, and optional `events`.',
      properties: {
        id: { type: ['string', 'number'], description: 'The lead\'s id.' },
        events: {
          type: 'array',
          description: 'The lead\'s events: `{ event, at, …properties }`.',
          items: {
            type: 'object',
            title: 'event',
            properties: {
              event: str('The event type.', { pattern: NAME_PATTERN }),
              at: str('When it happened (ISO 8601).', { pattern: DATETIME_PATTERN }),
            },
            required: ['event', 'at'],
          },
        },
      },
      required: ['id'],
    },
    testCase: {
      type: 'object',
      title: 'test case',
      properties: {
        name: str('What the case pins down, in words; failures are reported by it.'),
        description: str('More about the case.'),
        lead: ref('testLead'),
        sample: { type: ['string', 'number'], description: 'The id of a lead in the project\'s samples.' },
        expect: {
          type: 'object',
          title: 'expectation',
          description: 'What the lead must get: `icp`, `tier`, per scoring model id its outputs, and `sla`.',
          properties: {
            icp: { type: 'string', pattern: ID_PATTERN, description: 'The lead matches this ICP.' },
            tier: str('The lead falls in this tier (`<icp-id>/<tier-id>`).', { pattern: TIER_REF_PATTERN }),
            sla: {
              type: 'object',
              description: 'Per commitment (`<sla-id>/<commitment-id>`): the expected status, elapsed minutes or due time.',
              patternProperties: { [TIER_REF_PATTERN]: slaExpect },
              additionalProperties: false,
            },
          },
          patternProperties: { '^(?!(?:icp|tier|sla)$)[a-z][a-z0-9-]{0,62}$': scoreExpect },
          additionalProperties: false,
        },
      },
      required: ['name', 'expect'],
      additionalProperties: false,
    },
    testDoc: docSchema('test', 'Expectations kept with the definitions: what given leads must get.', {
      as_of: str('The instant the cases are evaluated at (ISO 8601); default: the project\'s.', { pattern: DATETIME_PATTERN }),
      cases: { type: 'array', items: ref('testCase'), description: 'The cases: a `lead` written out or a `sample` id, and what to `expect`.' },
    }),
  };
}

export function allDefs(): JsonSchema {
  return { ...conditionDefs(), ...fieldsDefs(), ...icpDefs(), ...scoringDefs(), ...slaDefs(), ...projectDefs(), ...testDefs() };
}

const KIND_DOC: Record<string, string> = {
  fields: 'fieldsDoc', icp: 'icpDoc', scoring: 'scoringDoc', sla: 'slaDoc', project: 'projectDoc', test: 'testDoc',
};

/** The umbrella schema: checks the header, then dispatches on `kind`. */
export function umbrellaSchema(): JsonSchema {
  return {
    $schema: SCHEMA_DIALECT,
    $id: `${SCHEMA_BASE}leadspec.schema.json`,
    title: 'leadspec v1 definition',
    description: 'A leadspec definition: ICPs, lead-scoring models, SLAs, the field catalog, the project and tests (docs/format.md).',
    type: 'object',
    properties: {
      leadspec: { const: 'v1', description: common.leadspec.description },
      kind: { enum: KINDS, description: 'The kind of definition: `fields`, `icp`, `scoring`, `sla`, `project` or `test`.' },
    },
    required: ['leadspec', 'kind'],
    allOf: KINDS.map((k) => ({
      if: { type: 'object', properties: { kind: { const: k } }, required: ['kind'] },
      then: ref(KIND_DOC[k]),
    })),
    $defs: allDefs(),
  };
}

/** A schema for one kind, self-contained, for tools that associate schemas by file name. */
export function kindSchema(kind: string): JsonSchema {
  return {
    $schema: SCHEMA_DIALECT,
    $id: `${SCHEMA_BASE}${kind}.schema.json`,
    title: `leadspec v1 ${kind} definition`,
    type: 'object',
    properties: {
      leadspec: { const: 'v1', description: common.leadspec.description },
      kind: { const: kind, description: `Must be \`${kind}\` in this schema.` },
    },
    required: ['leadspec', 'kind'],
    $ref: ref(KIND_DOC[kind]).$ref,
    $defs: reachableDefs(KIND_DOC[kind]),
  };
}

/** The $defs a definition needs, following `$ref`s (so each per-kind file stays small). */
function reachableDefs(root: string): JsonSchema {
  const defs = allDefs();
  const out: JsonSchema = {};
  const visit = (name: string) => {
    if (out[name] || !defs[name]) return;
    out[name] = defs[name];
    JSON.stringify(defs[name], (k, v) => {
      if (k === '$ref' && typeof v === 'string') visit(v.replace('#/$defs/', ''));
      return v;
    });
  };
  visit(root);
  return out;
}

/** Every schema file of `schemas/`, by file name. */
export function schemaFiles(): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = { 'leadspec.schema.json': umbrellaSchema() };
  for (const k of KINDS) out[`${k}.schema.json`] = kindSchema(k);
  return out;
}
