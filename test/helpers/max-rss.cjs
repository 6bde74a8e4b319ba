// Preloaded into a spawned CLI (NODE_OPTIONS=--require ...): at exit, writes the process's peak
// resident set size in kilobytes to the file named by MAX_RSS_FILE.
const fs = require('node:fs');
process.on('exit', () => {
  if (process.env.MAX_RSS_FILE) fs.writeFileSync(process.env.MAX_RSS_FILE, String(process.resourceUsage().maxRSS));
});
