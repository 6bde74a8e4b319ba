import type { ActionRunner } from '../action.js';
import type { Program } from '../program-shape.js';
import { registerCompletion } from './completion/index.js';
import { registerConfig } from './config/index.js';
import { registerEvents } from './events/index.js';
import { registerForget } from './forget/index.js';
import { registerList } from './list/index.js';
import { registerListen } from './listen/index.js';
import { registerLogin } from './login/index.js';
import { registerLogout } from './logout/index.js';
import { registerMigrate } from './migrate/index.js';
import { registerImport } from './import/index.js';
import { registerReplay } from './replay/index.js';
import { registerRegistry } from './registry/index.js';
import { registerResolve } from './resolve/index.js';
import { registerSandbox } from './sandbox/index.js';
import { registerSubscribe } from './subscribe/index.js';
import { registerTrigger } from './trigger/index.js';
import { registerWhoami } from './whoami/index.js';

/** Every command, in the order --help lists them. Each module only wires; its work loads on use. */
export const COMMANDS: readonly ((program: Program, run: ActionRunner) => void)[] = [
  registerLogin,
  registerLogout,
  registerWhoami,
  registerConfig,
  registerSubscribe,
  registerImport,
  registerList,
  registerForget,
  registerResolve,
  registerRegistry,
  registerMigrate,
  registerEvents,
  registerTrigger,
  registerListen,
  registerReplay,
  registerSandbox,
  registerCompletion,
];
