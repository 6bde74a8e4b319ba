// The baseline for one registration: the same POST with undici and nothing else.
import { request } from 'undici';

const [url, key, body] = process.argv.slice(2);
const response = await request(url, {
  method: 'POST',
  headers: { 'x-api-key': key, 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'bench' },
  body,
});
await response.body.text();
if (response.statusCode !== 201) process.exitCode = 1;
