// Preloaded with --import where GNU time is missing: write this process's peak RSS (KB) and its
// CPU time (user + system, microseconds) on exit.
import fs from 'node:fs';

process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  if (process.env.BENCH_RSS_FILE) fs.writeFileSync(process.env.BENCH_RSS_FILE, `${process.resourceUsage().maxRSS} ${user + system}`);
});
