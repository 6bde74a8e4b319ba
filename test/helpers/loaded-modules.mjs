// Preloaded into a spawned CLI (node --import <this>): appends the URL of every module file the
// process loads to the file named by LOADED_MODULES_FILE, one a line (module.register hooks).
import { register } from 'node:module';

register(new URL('./loaded-modules-hooks.mjs', import.meta.url), { data: process.env.LOADED_MODULES_FILE });
