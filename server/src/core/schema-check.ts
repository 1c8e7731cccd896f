/**
 * The JSON Schema validators of the config (schemas/parley.config.schema.json) and of each rule's
 * options (`meta.options`), compiled with ajv on first use. scripts/build.mjs replaces this module
 * in the bundles with the same validators compiled at build time (ajv's standalone code), so that a
 * run neither loads ajv nor compiles a schema. Both give the same errors: same ajv, same options.
 */
import Ajv, { type ErrorObject } from 'ajv';
import schema from '../../../schemas/parley.config.schema.json';
import type { JsonSchema } from './rule';

type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** The ajv options every validator is compiled with (the build uses the same). */
const AJV_OPTIONS = { allErrors: true, strict: false } as const;

let ajv: Ajv | undefined;
let config: Validator | undefined;
const options = new Map<string, Validator>();

/**
 * What the config validator checks: the schema without its per-rule entries (`rules.properties`,
 * there for editors: descriptions, and options to complete). Every rule id takes a severity or
 * [severity, options] alike here; `validateConfig` then checks ids and options itself, with a
 * did-you-mean, in the locale of the messages. scripts/build.mjs compiles the same.
 */
function validatedSchema(s: typeof schema): object {
  const { properties: _, ...rules } = s.properties.rules;
  return { ...s, properties: { ...s.properties, rules } };
}

export function configValidator(): Validator {
  return (config ??= (ajv ??= new Ajv(AJV_OPTIONS)).compile(validatedSchema(schema)));
}

/** The validator of rule `id`'s options schema. */
export function optionsValidator(id: string, optionsSchema: JsonSchema): Validator {
  let v = options.get(id);
  if (!v) options.set(id, (v = (ajv ??= new Ajv(AJV_OPTIONS)).compile(optionsSchema)));
  return v;
}
