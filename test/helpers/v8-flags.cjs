// Preloaded into a spawned CLI (NODE_OPTIONS=--require ...): records every V8 flag the process
// sets at run time, one per line, in the file named by V8_FLAGS_FILE.
const fs = require('node:fs');
const v8 = require('node:v8');
const setFlags = v8.setFlagsFromString;
v8.setFlagsFromString = (flag) => {
  fs.appendFileSync(process.env.V8_FLAGS_FILE, `${flag}\n`);
  return setFlags(flag);
};
