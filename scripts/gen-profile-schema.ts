// Writes cpu-profiles/profile.schema.json from the zod profile schema (z.toJSONSchema), so editors can
// autocomplete and check profile files. Run: npm run gen:schema. A test keeps the file in sync.

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { profileSchema } from '../src/sim/profile/schema.ts';

export const SCHEMA_FILE = fileURLToPath(new URL('../cpu-profiles/profile.schema.json', import.meta.url));

export function profileJsonSchema(): unknown {
  const full = z.toJSONSchema(profileSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const { $schema, ...profile } = full;
  return {
    $schema,
    $id: 'https://addersim.local/cpu-profiles/profile.schema.json',
    title: 'addersim CPU profile (addersim/profile@1)',
    description: 'A full profile, or a what-if file that "extends" a named profile and overrides some keys (validated in full after merging).',
    anyOf: [
      profile,
      {
        type: 'object',
        required: ['extends'],
        properties: { extends: { type: 'string', minLength: 1, description: 'name of a profile in cpu-profiles/ or a path relative to this file' } },
        additionalProperties: true,
      },
    ],
  };
}

export const schemaText = () => `${JSON.stringify(profileJsonSchema(), null, 2)}\n`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_FILE, schemaText());
  console.log(`wrote ${SCHEMA_FILE}`);
}
