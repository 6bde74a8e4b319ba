import { z } from 'zod';

/** One profile's stored values, as the config file holds them. */
const profileSchema = z
  .object({
    apiKey: z.string().min(1).optional(),
    'api-url': z.string().optional(),
    timeout: z.number().int().optional(),
    retries: z.number().int().optional(),
  })
  .strict();

/** The config file: every profile by name. */
export const configSchema = z
  .object({
    profiles: z.record(z.string(), profileSchema).default({}),
  })
  .strict();

/** One profile's stored values. */
export type StoredProfile = z.infer<typeof profileSchema>;
/** The whole config file. */
export type ConfigFile = z.infer<typeof configSchema>;

