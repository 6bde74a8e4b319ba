// The baseline of `list --json`: read the registry file, JSON.parse it and write it back out with
// JSON.stringify (indented, as the CLI's document is), and nothing else (no validation, no filter).
import fs from 'node:fs';

const data = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
process.stdout.write(JSON.stringify({ ok: true, subscriptions: data.subscriptions }, null, 2) + '\n');
