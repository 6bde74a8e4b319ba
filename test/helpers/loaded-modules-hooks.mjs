// The loader hooks of loaded-modules.mjs (they run on the loader's own thread).
import fs from 'node:fs';

let file;

export function initialize(data) {
  file = data;
}

export async function load(url, context, next) {
  if (file && url.startsWith('file:')) fs.appendFileSync(file, `${url}\n`);
  return next(url, context);
}
