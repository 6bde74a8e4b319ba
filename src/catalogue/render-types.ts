import type { z } from 'zod';
import { EVENTS } from './events.js';
import { PAYLOAD_SCHEMAS, type PayloadFamily } from './payloads.js';

/** The header of the generated file; the rest is derived from the catalogue's zod schemas. */
const HEADER = `// Generated from the payload schemas in payloads.ts by \`npm run types\`; do not edit.
// The library's public payload types (tagmango-hooks/events), free of zod so receivers need nothing else.
`;

/** TypeScript source of one interface per payload family and the event -> payload map. */
export function renderPayloadTypes(): string {
  const families = Object.keys(PAYLOAD_SCHEMAS) as PayloadFamily[];
  const parts = [HEADER];
  for (const family of families) {
    const shape = PAYLOAD_SCHEMAS[family].shape;
    parts.push(`/** Documented fields of ${family.replace(/-/g, ' ')} payloads (real bodies may carry more). */`);
    parts.push(`export interface ${interfaceName(family)} ${objectType(shape, '')}\n`);
  }
  parts.push('/** The payload type of each documented event. */');
  parts.push('export interface PayloadByEvent {');
  for (const event of EVENTS) parts.push(`  '${event.name}': ${interfaceName(event.payload)};`);
  parts.push('}\n');
  return parts.join('\n');
}

/** `course-progress` -> `CourseProgressPayload`. */
export function interfaceName(family: PayloadFamily): string {
  return family.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('') + 'Payload';
}

function objectType(shape: Record<string, unknown>, indent: string): string {
  const lines = Object.entries(shape).map(([name, field]) => `${indent}  ${name}: ${typeOf(field as z.ZodType, `${indent}  `)};`);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function typeOf(schema: z.ZodType, indent: string): string {
  const def = schema.def as { type: string; innerType?: z.ZodType; element?: z.ZodType; options?: z.ZodType[]; entries?: Record<string, string>; shape?: Record<string, unknown> };
  switch (def.type) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'unknown':
      return def.type;
    case 'nullable':
      return `${typeOf(def.innerType as z.ZodType, indent)} | null`;
    case 'optional':
      return `${typeOf(def.innerType as z.ZodType, indent)} | undefined`;
    case 'array': {
      const element = typeOf(def.element as z.ZodType, indent);
      return /[|{]/.test(element) ? `Array<${element}>` : `${element}[]`;
    }
    case 'union':
      return (def.options ?? []).map((o) => typeOf(o, indent)).join(' | ');
    case 'enum':
      return Object.values(def.entries ?? {}).map((v) => `'${v}'`).join(' | ');
    case 'object':
      return objectType(def.shape ?? {}, indent);
    default:
      throw new Error(`No TypeScript rendering for zod type ${def.type}`);
  }
}
