// A fast path for validation, compiled once from a zod schema: a plain predicate that is true only when
// zod would accept the value, which can then be used as it is (zod's output would differ at most by
// dropping keys a non-loose object does not name, and no transform is compiled). zod builds a fresh
// output object for every object it parses, which made it most of a page's transform time; nearly every
// record is valid, so most never need it. The predicate knows only the constructs the data contract uses
// (objects, optional, arrays, strings, numbers, booleans and their checks); anything else compiles to
// "don't know" (false), which sends the record to zod. zod stays the only judge of a rejection and writes every reason.
import { z } from 'zod';

export type QuickCheck = (value: unknown) => boolean;

const DONT_KNOW: QuickCheck = () => false;

/** The parts of zod's (internal, but stable in v4) schema and check definitions that are read here. */
interface Def {
  readonly type?: string;
  readonly check?: string;
  readonly checks?: readonly { readonly _zod: { readonly def: Def } }[];
  readonly innerType?: z.core.$ZodType;
  readonly element?: z.core.$ZodType;
  readonly shape?: Readonly<Record<string, z.core.$ZodType>>;
  readonly catchall?: z.core.$ZodType;
  readonly format?: string;
  readonly pattern?: RegExp;
  readonly minimum?: number;
  readonly fn?: (value: unknown) => unknown;
}

export function compileQuickCheck(schema: z.core.$ZodType): QuickCheck {
  const def = schema._zod.def as Def;
  const checks = compileChecks(def);
  const base = compileType(def);
  if (base === DONT_KNOW || checks === DONT_KNOW) return DONT_KNOW;
  return checks === undefined ? base : (value) => base(value) && checks(value);
}

function compileType(def: Def): QuickCheck {
  switch (def.type) {
    case 'boolean':
      return (value) => typeof value === 'boolean';
    case 'string':
      return (value) => typeof value === 'string';
    case 'number':
      // zod rejects NaN and the infinities; JSON cannot hold them anyway.
      return (value) => typeof value === 'number' && Number.isFinite(value);
    case 'optional': {
      const inner = compileQuickCheck(def.innerType as z.core.$ZodType);
      return inner === DONT_KNOW ? DONT_KNOW : (value) => value === undefined || inner(value);
    }
    case 'array': {
      const element = compileQuickCheck(def.element as z.core.$ZodType);
      if (element === DONT_KNOW) return DONT_KNOW;
      return (value) => {
        if (!Array.isArray(value)) return false;
        for (const item of value) if (!element(item)) return false;
        return true;
      };
    }
    case 'object':
      return compileObject(def);
    default:
      return DONT_KNOW;
  }
}

function compileObject(def: Def): QuickCheck {
  // Unknown keys must pass through (looseObject) or be dropped (object); anything else may reject them.
  const catchall = def.catchall?._zod.def.type;
  if (catchall !== undefined && catchall !== 'unknown') return DONT_KNOW;
  const fields = Object.entries(def.shape ?? {}).map(([key, schema]) => [key, compileQuickCheck(schema)] as const);
  if (fields.some(([, check]) => check === DONT_KNOW)) return DONT_KNOW;
  // Generated with the keys as literals, as zod's own object parser is: a property read by a variable
  // key is a slow generic lookup, by a literal a fast cached one (a third off the whole check).
  // Where code generation is disallowed, zod cannot compile either: leave everything to it.
  if (!z.core.util.allowsEval.value) return DONT_KNOW;
  const tests = fields.map(([key], i) => `if (!checks[${i}](value[${JSON.stringify(key)}])) return false;`).join('\n');
  const body = `return (value) => {\nif (!isObject(value)) return false;\n${tests}\nreturn true;\n};`;
  const make = new Function('checks', 'isObject', body);
  return make(
    fields.map(([, check]) => check),
    z.core.util.isObject,
  ) as QuickCheck;
}

/** The schema's own checks (and, for z.int32() and kin, the schema as a check), all of which must hold. */
function compileChecks(def: Def): QuickCheck | undefined {
  const defs = [...(def.check === undefined ? [] : [def]), ...(def.checks ?? []).map((check) => check._zod.def)];
  if (defs.length === 0) return undefined;
  const compiled = defs.map(compileCheck);
  if (compiled.includes(DONT_KNOW)) return DONT_KNOW;
  return (value) => {
    for (const check of compiled) if (!check(value)) return false;
    return true;
  };
}

function compileCheck(def: Def): QuickCheck {
  switch (def.check) {
    case 'string_format': {
      const pattern = def.pattern;
      if (pattern === undefined || pattern.global || pattern.sticky) return DONT_KNOW;
      return (value) => pattern.test(value as string);
    }
    case 'min_length': {
      const minimum = def.minimum ?? Number.POSITIVE_INFINITY;
      return (value) => (value as string).length >= minimum;
    }
    case 'number_format': {
      const range = z.core.util.NUMBER_FORMAT_RANGES[def.format as keyof typeof z.core.util.NUMBER_FORMAT_RANGES];
      if (range === undefined) return DONT_KNOW;
      const [minimum, maximum] = range;
      const integer = def.format?.includes('int') === true;
      return (value) =>
        (!integer || Number.isInteger(value)) && (value as number) >= minimum && (value as number) <= maximum;
    }
    case 'custom': {
      // A refine: true when its function says so (a promise means an async refine: let zod decide).
      const fn = def.fn;
      if (fn === undefined) return DONT_KNOW;
      return (value) => {
        const verdict = fn(value);
        return !(verdict instanceof Promise) && Boolean(verdict);
      };
    }
    default:
      return DONT_KNOW;
  }
}
